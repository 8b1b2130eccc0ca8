"""Checks a raw AWS response against the operation's output shape in botocore's service model.

botocore and the AWS CLI ignore response members they do not know, so parsing a response
with them proves little. This module walks the raw XML or JSON instead, member by member:
every element or key must exist in the model under that exact wire name and nesting, scalar
values must have the model's type, enums must use the model's values, and required members
must be present. Anything else is reported as a violation with its path.
"""

import datetime
import json
import xml.etree.ElementTree as ElementTree

INT32 = (-(2**31), 2**31 - 1)


class Violations(Exception):
    """Raised with every violation found in one response."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def _local(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def _wire_name(member_name, member_shape):
    return member_shape.serialization.get("name", member_name)


def _check_scalar(shape, text, path, problems):
    kind = shape.type_name
    if kind == "string":
        enum = getattr(shape, "enum", None) or []
        if enum and text not in enum:
            problems.append(f"{path}: {text!r} is not one of the model's values for {shape.name}")
        if not isinstance(text, str):
            problems.append(f"{path}: expected a string, got {type(text).__name__}")
    elif kind in ("integer", "long"):
        if isinstance(text, bool):
            problems.append(f"{path}: expected an integer, got a boolean")
            return
        try:
            value = int(text)
        except (TypeError, ValueError):
            problems.append(f"{path}: {text!r} is not an integer")
            return
        if isinstance(text, float) and not float(text).is_integer():
            problems.append(f"{path}: {text!r} is not an integer")
        if kind == "integer" and not INT32[0] <= value <= INT32[1]:
            problems.append(f"{path}: {value} does not fit a 32-bit integer")
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and value < low or high is not None and value > high:
            problems.append(f"{path}: {value} is outside the model's range {low}..{high}")
    elif kind == "boolean":
        if isinstance(text, bool):
            return
        if text not in ("true", "false"):
            problems.append(f"{path}: {text!r} is not a boolean")
    elif kind in ("float", "double"):
        if isinstance(text, bool):
            problems.append(f"{path}: expected a number, got a boolean")
            return
        try:
            float(text)
        except (TypeError, ValueError):
            problems.append(f"{path}: {text!r} is not a number")
    elif kind == "timestamp":
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            return
        try:
            datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"{path}: {text!r} is not an ISO 8601 timestamp")
    elif kind == "blob":
        pass
    else:
        problems.append(f"{path}: unexpected scalar type {kind}")


def _check_xml_value(shape, element, path, problems):
    kind = shape.type_name
    if kind == "structure":
        _check_xml_structure(shape, element, path, problems)
    elif kind == "list":
        if shape.serialization.get("flattened"):
            problems.append(f"{path}: flattened lists are not served by this emulator")
            return
        item_name = shape.member.serialization.get("name", "member")
        for index, child in enumerate(element):
            child_path = f"{path}[{index}]"
            if _local(child.tag) != item_name:
                problems.append(f"{child_path}: list item element <{_local(child.tag)}>, the model says <{item_name}>")
                continue
            _check_xml_value(shape.member, child, child_path, problems)
        if (element.text or "").strip():
            problems.append(f"{path}: a list element holds text")
    elif kind == "map":
        problems.append(f"{path}: XML maps are not served by this emulator")
    else:
        if len(element):
            problems.append(f"{path}: scalar {shape.name} has child elements")
            return
        _check_scalar(shape, element.text or "", path, problems)


def _check_xml_structure(shape, element, path, problems, allowed_extra=()):
    by_wire = {_wire_name(name, member): (name, member) for name, member in shape.members.items()}
    seen = set()
    for child in element:
        tag = _local(child.tag)
        if tag in allowed_extra:
            continue
        child_path = f"{path}.{tag}"
        if tag not in by_wire:
            problems.append(f"{child_path}: no member <{tag}> in {shape.name}")
            continue
        name, member = by_wire[tag]
        if name in seen:
            problems.append(f"{child_path}: member {name} appears twice")
        seen.add(name)
        _check_xml_value(member, child, child_path, problems)
    for required in shape.required_members:
        if required not in seen:
            problems.append(f"{path}: required member {required} of {shape.name} is missing")
    if (element.text or "").strip():
        problems.append(f"{path}: structure {shape.name} holds text")


def _check_json_value(shape, value, path, problems):
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object for {shape.name}")
            return
        _check_json_structure(shape, value, path, problems)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected an array for {shape.name}")
            return
        for index, item in enumerate(value):
            _check_json_value(shape.member, item, f"{path}[{index}]", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object (map) for {shape.name}")
            return
        for key, item in value.items():
            _check_scalar(shape.key, key, f"{path}.<key {key}>", problems)
            _check_json_value(shape.value, item, f"{path}[{key!r}]", problems)
    else:
        if kind == "string" and not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {type(value).__name__}")
            return
        if kind in ("integer", "long") and not isinstance(value, int):
            problems.append(f"{path}: expected a JSON integer, got {value!r}")
            return
        if kind in ("float", "double") and not isinstance(value, (int, float)):
            problems.append(f"{path}: expected a JSON number, got {value!r}")
            return
        if kind == "boolean" and not isinstance(value, bool):
            problems.append(f"{path}: expected a JSON boolean, got {value!r}")
            return
        _check_scalar(shape, value, path, problems)


def _check_json_structure(shape, obj, path, problems):
    by_wire = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location in ("header", "headers", "statusCode"):
            continue
        by_wire[member.serialization.get("name", name)] = (name, member)
    for key, value in obj.items():
        if key not in by_wire:
            problems.append(f"{path}.{key}: no member {key} in {shape.name}")
            continue
        _check_json_value(by_wire[key][1], value, f"{path}.{key}", problems)
    present = {by_wire[key][0] for key in obj if key in by_wire}
    for required in shape.required_members:
        member = shape.members[required]
        if member.serialization.get("location") in ("header", "headers", "statusCode"):
            continue
        if required not in present:
            problems.append(f"{path}: required member {required} of {shape.name} is missing")


def check_response(operation_model, status, body):
    """Raises Violations unless a successful response body matches the operation's output."""
    problems = []
    protocol = operation_model.metadata["protocol"]
    output = operation_model.output_shape
    name = operation_model.name
    if status != 200:
        raise Violations([f"{name}: HTTP {status} for a successful response"])
    if protocol == "ec2":
        root = ElementTree.fromstring(body)
        if _local(root.tag) != f"{name}Response":
            problems.append(f"root element <{_local(root.tag)}>, expected <{name}Response>")
        namespace = operation_model.metadata["xmlNamespace"].rstrip("/") + "/"
        if not root.tag.startswith("{" + namespace):
            problems.append(f"root namespace {root.tag} is not {namespace}")
        if root.find(f"{{{namespace}}}requestId") is None:
            problems.append("missing <requestId>")
        if output is not None:
            _check_xml_structure(output, root, name, problems, allowed_extra=("requestId",))
    elif protocol == "query":
        root = ElementTree.fromstring(body)
        if _local(root.tag) != f"{name}Response":
            problems.append(f"root element <{_local(root.tag)}>, expected <{name}Response>")
        wrapper = output.serialization.get("resultWrapper") if output is not None else None
        children = {_local(child.tag): child for child in root}
        for tag in children:
            if tag not in (wrapper, "ResponseMetadata"):
                problems.append(f"{name}.{tag}: unexpected element at the top level")
        if wrapper:
            if wrapper not in children:
                problems.append(f"missing <{wrapper}>")
            else:
                _check_xml_structure(output, children[wrapper], f"{name}.{wrapper}", problems)
        metadata = children.get("ResponseMetadata")
        if metadata is None or [_local(child.tag) for child in metadata] != ["RequestId"]:
            problems.append("ResponseMetadata must hold exactly RequestId")
    elif protocol in ("rest-json", "json"):
        document = json.loads(body or b"{}")
        if output is not None:
            _check_json_structure(output, document, name, problems)
        elif document:
            problems.append(f"{name}: a body where the model has no output")
    else:
        problems.append(f"unsupported protocol {protocol}")
    if problems:
        raise Violations(problems)


def check_error(operation_model, status, headers, body):
    """Raises Violations unless an error response has the protocol's error shape.

    Returns the error code.
    """
    protocol = operation_model.metadata["protocol"]
    problems = []
    code = None
    if status < 400:
        problems.append(f"error with HTTP {status}")
    if protocol == "ec2":
        root = ElementTree.fromstring(body)
        if root.tag != "Response":
            problems.append(f"EC2 error root <{root.tag}>, expected <Response>")
        if [child.tag for child in root] != ["Errors", "RequestID"]:
            problems.append("EC2 error must hold <Errors> then <RequestID>")
        error = root.find("Errors/Error")
        if error is None or [child.tag for child in error] != ["Code", "Message"]:
            problems.append("EC2 <Error> must hold <Code> and <Message>")
        else:
            code = error.findtext("Code")
    elif protocol == "query":
        root = ElementTree.fromstring(body)
        if _local(root.tag) != "ErrorResponse":
            problems.append(f"query error root <{_local(root.tag)}>")
        error = root.find("{*}Error")
        if error is None or [_local(child.tag) for child in error] != ["Type", "Code", "Message"]:
            problems.append("query <Error> must hold Type, Code, Message")
        else:
            code = error.findtext("{*}Code")
            if error.findtext("{*}Type") not in ("Sender", "Receiver"):
                problems.append("query error Type must be Sender or Receiver")
    elif protocol == "rest-json":
        lowered = {key.lower(): value for key, value in headers.items()}
        code = lowered.get("x-amzn-errortype", "").split(":")[0]
        document = json.loads(body)
        if not code:
            problems.append("REST-JSON error without x-amzn-ErrorType")
        if set(document) != {"message"}:
            problems.append(f"REST-JSON error body keys {sorted(document)}, expected ['message']")
    elif protocol == "json":
        document = json.loads(body)
        code = document.get("__type")
        if set(document) != {"__type", "Message"}:
            problems.append(f"JSON error body keys {sorted(document)}")
    if problems:
        raise Violations(problems)
    return code
