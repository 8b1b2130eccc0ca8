import pytest

from emulator import Emulator


@pytest.fixture(scope="module")
def demo():
    emulator = Emulator("--fixture", "demo", "--page-size", "5")
    yield emulator
    emulator.close()


@pytest.fixture(scope="module")
def scale10():
    emulator = Emulator("--fixture", "scale:10", "--page-size", "7")
    yield emulator
    emulator.close()


@pytest.fixture
def fresh_demo():
    """A demo emulator of its own, for tests that change faults or the clock."""
    emulator = Emulator("--fixture", "demo")
    yield emulator
    emulator.close()
