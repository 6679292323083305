"""The carrier event payload (webhook and polling answers): its JSON Schema and
the validator that reads it.

``PAYLOAD_SCHEMA`` is the one source of truth: ``validate_payload`` walks it,
so a limit changed in the schema is the limit enforced. Two extension keywords
(the ``x-`` prefix keeps them apart from JSON Schema's): ``x-field`` names the
``dealer.delivery.event`` field a value is stored in, ``x-unique`` asks for
values unique within one request and ``x-item`` names a list's items in the
messages. Nothing here touches the database.
"""

import base64
import binascii
from datetime import datetime, timezone

from ..const import EVENT_STAGES

MAX_EVENTS_PER_REQUEST = 100
EVENT_STATUSES = tuple(stage for stage, _label in EVENT_STAGES)

# The webhook and polling payload, as JSON Schema (draft 2020-12). It is
# documented in the readme and enforced by ``validate_payload``.
PAYLOAD_SCHEMA = {
    "type": "object",
    "required": ["events"],
    "properties": {
        "events": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_EVENTS_PER_REQUEST,
            "x-item": "event",
            "items": {
                "type": "object",
                "required": ["event_id", "shipment", "status", "occurred_at"],
                "properties": {
                    "event_id": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 128,
                        "x-field": "external_id",
                        "x-unique": True,
                    },
                    "shipment": {"type": "string", "minLength": 1, "maxLength": 128, "x-field": "shipment"},
                    "status": {"enum": list(EVENT_STATUSES), "x-field": "stage"},
                    "occurred_at": {"type": "string", "format": "date-time", "x-field": "event_time"},
                    "eta": {"type": ["string", "null"], "format": "date-time", "x-field": "eta"},
                    "location": {
                        "type": ["object", "null"],
                        "dependentRequired": {"lat": ["lng"], "lng": ["lat"]},
                        "properties": {
                            "lat": {"type": "number", "minimum": -90, "maximum": 90, "x-field": "latitude"},
                            "lng": {"type": "number", "minimum": -180, "maximum": 180, "x-field": "longitude"},
                            "text": {"type": ["string", "null"], "maxLength": 256, "x-field": "location_text"},
                        },
                    },
                    "note": {"type": ["string", "null"], "maxLength": 2000, "x-field": "note"},
                    "proof": {
                        "type": ["object", "null"],
                        "required": ["type", "image_base64"],
                        "properties": {
                            "type": {"enum": ["photo", "signature"], "x-field": "proof_type"},
                            "image_base64": {
                                "type": "string",
                                "minLength": 1,
                                "contentEncoding": "base64",
                                "x-field": "proof_image",
                            },
                        },
                    },
                },
            },
        },
    },
}


class PayloadError(ValueError):
    """The body does not follow ``PAYLOAD_SCHEMA``; the message says where."""


def validate_payload(data, schema=None):
    """Check ``data`` (parsed JSON) against ``schema`` (default
    ``PAYLOAD_SCHEMA``) and return the events as dicts ready for
    ``dealer.delivery.event`` (plus ``shipment``); raise ``PayloadError`` with
    the path of the first problem."""
    schema = schema or PAYLOAD_SCHEMA
    if not isinstance(data, dict):
        raise PayloadError("$: expected a JSON object")
    data = _check_object(data, schema, "$")
    events_schema = schema["properties"]["events"]
    events = [_collect(event, events_schema["items"]) for event in data["events"]]
    _check_unique(events, events_schema["items"])
    return events


def _check(value, schema, path):
    """Validate one value against its (sub)schema; return it as stored:
    strings stripped, numbers as floats, date-times as naive UTC."""
    types = _types(schema)
    if "enum" in schema:
        if value not in schema["enum"]:
            raise PayloadError(f"{path}: must be {_one_of(schema['enum'])}")
        return value
    if "string" in types and schema.get("format") == "date-time":
        return _parse_datetime(value, path)
    if "object" in types:
        if not isinstance(value, dict):
            raise PayloadError(f"{path}: expected an object")
        return _check_object(value, schema, path)
    if "array" in types:
        return _check_array(value, schema, path)
    if "number" in types:
        return _check_number(value, schema, path)
    if "string" in types:
        return _check_string(value, schema, path)
    return value


def _check_object(value, schema, path):
    """Validate an object; return a copy with its known values checked."""
    for key in schema.get("required", []):
        if value.get(key) is None:
            raise PayloadError(f"{path}.{key}: required{_expected(schema['properties'][key])}")
    for key, needed in schema.get("dependentRequired", {}).items():
        if key in value and any(other not in value for other in needed):
            raise PayloadError(f"{path}: give both {' and '.join(sorted([key, *needed]))}, or neither")
    checked = dict(value)
    for key, sub in schema.get("properties", {}).items():
        if key not in value or (value[key] is None and "null" in _types(sub)):
            continue
        checked[key] = _check(value[key], sub, f"{path}.{key}")
    return checked


def _check_array(value, schema, path):
    item = schema.get("x-item", "item")
    if not isinstance(value, list):
        raise PayloadError(f"{path}: required{_expected(schema)}")
    if len(value) < schema.get("minItems", 0):
        least = "one" if schema["minItems"] == 1 else schema["minItems"]
        raise PayloadError(f"{path}: at least {least} {item}{'' if least == 'one' else 's'} is required")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        raise PayloadError(f"{path}: at most {schema['maxItems']} {item}s per request")
    return [_check(item, schema["items"], f"{path}[{index}]") for index, item in enumerate(value)]


def _check_string(value, schema, path):
    base64_string = schema.get("contentEncoding") == "base64"
    if not isinstance(value, str) or (base64_string and not value):
        raise PayloadError(f"{path}: required{_expected(schema)}" if base64_string else f"{path}: expected a string")
    if len(value.strip()) < schema.get("minLength", 0):
        raise PayloadError(f"{path}: must not be empty")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        raise PayloadError(f"{path}: longer than {schema['maxLength']} characters")
    if base64_string:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise PayloadError(f"{path}: not valid base64") from None
        return value
    return value.strip()


def _check_number(value, schema, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PayloadError(f"{path}: expected a number")
    low, high = schema.get("minimum", float("-inf")), schema.get("maximum", float("inf"))
    if not low <= value <= high:
        raise PayloadError(f"{path}: must be between {low} and {high}")
    return float(value)


def _parse_datetime(value, path):
    if not isinstance(value, str):
        raise PayloadError(f"{path}: expected an ISO 8601 date-time string")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise PayloadError(f"{path}: '{value[:40]}' is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise PayloadError(f"{path}: the date-time needs a time zone, e.g. 'Z' or '+05:30'")
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _collect(value, schema):
    """The ``x-field`` values of a validated object, nested objects flattened."""
    vals = {}
    for key, sub in schema.get("properties", {}).items():
        if value.get(key) is None:
            continue
        if "x-field" in sub:
            vals[sub["x-field"]] = value[key]
        elif "properties" in sub:
            vals.update(_collect(value[key], sub))
    return vals


def _check_unique(events, schema):
    for key, sub in schema["properties"].items():
        if not sub.get("x-unique"):
            continue
        seen = set()
        for index, vals in enumerate(events):
            if vals[sub["x-field"]] in seen:
                raise PayloadError(f"$.events[{index}].{key}: '{vals[sub['x-field']]}' appears twice in this request")
            seen.add(vals[sub["x-field"]])


def _types(schema):
    types = schema.get("type", [])
    return [types] if isinstance(types, str) else types


def _expected(schema):
    """What a missing value should have been, for the lists and base64 data."""
    if "x-item" in schema:
        return f", a list of {schema['x-item']}s"
    if schema.get("contentEncoding") == "base64":
        return ", a base64 string"
    return ""


def _one_of(values):
    if len(values) == 2:
        return f"{values[0]} or {values[1]}"
    return f"one of {', '.join(values)}"
