//! What every bench binary shares: reading `--name value` options and printing the median and
//! range of a set of timings.

use std::time::Duration;

/// The value of `--name` on the command line, parsed, or `default`.
pub fn option<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether `--name` is on the command line.
#[allow(dead_code)] // not every bench has a flag
pub fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

/// Prints `what: median M ms (min A, max B, N runs)`.
#[allow(dead_code)] // not every bench reports this way
pub fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.1} ms (min {:.1}, max {:.1}, {} runs)",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}
