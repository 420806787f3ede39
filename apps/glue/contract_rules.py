"""Pure contract checks for the finlake Glue job: no Spark, no AWS, unit-tested with unittest.

The contract comes from commerce_contract.json, generated from the TypeScript contract
(`npx tsx tools/glue-contract.ts`). The checks give the same reason codes, in the same order, as
the pipeline's SQL validation (libs/pipeline/src/validate-sql.ts): per column the first failing
check wins, so a column reports at most one reason.
"""
import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation

# Mirrors libs/pipeline/src/validate-sql.ts (NULL_MARKERS and the *_PATTERN constants).
NULL_MARKERS = frozenset(["", "NULL", "N/A", "NA", "NONE", "NIL", "-", "#N/A"])
ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]+")
INTEGER_PATTERN = re.compile(r"[+-]?[0-9]+")
DECIMAL_PATTERN = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIMESTAMP_PATTERN = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"([T ](?P<h>[0-9]{2}):(?P<m>[0-9]{2})(:(?P<s>[0-9]{2})(\.(?P<f>[0-9]{1,9}))?)?)?"
    r"(?P<tz>Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)


def load_contract(path):
    """The contract JSON as a dict (entities, columns, rules, date limits)."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def entity_for_file(contract, file_name):
    """The entity a raw file belongs to (`<entity>.csv` or `<entity>_<anything>.csv`), or None."""
    base = file_name.rsplit("/", 1)[-1].lower()
    if not base.endswith(".csv"):
        return None
    stem = base[:-4]
    # Longest name first so marketing_spend_2024.csv never matches a shorter entity.
    for entity in sorted(contract["entities"], key=lambda e: -len(e["name"])):
        name = entity["name"]
        if stem == name or stem.startswith(name + "_") or stem.startswith(name + "-"):
            return entity
    return None


def date_bounds(contract, today):
    """(earliest, latest) accepted dates: the contract's earliest date to today + maxFutureDays."""
    earliest = dt.date.fromisoformat(contract["earliestDate"])
    return earliest, today + dt.timedelta(days=contract["maxFutureDays"])


def check_header(entity, names):
    """(positions, ignored) of the contract columns in a header, or raise HeaderError with the file reason code."""
    seen = {}
    duplicates = []
    for i, name in enumerate(names):
        key = name.strip().lower()
        if key in seen:
            duplicates.append(name)
        else:
            seen[key] = i
    wanted = {c["header"].lower() for c in entity["columns"]}
    duplicated = [d for d in duplicates if d.strip().lower() in wanted]
    if duplicated:
        raise HeaderError("HEADER_DUPLICATE_COLUMN", "Column(s) %s appear more than once in the header." % ", ".join(duplicated))
    missing = [c["header"] for c in entity["columns"] if c["header"].lower() not in seen]
    if missing:
        raise HeaderError("HEADER_MISSING_COLUMN", "Missing column(s): %s." % ", ".join(missing))
    positions = [seen[c["header"].lower()] for c in entity["columns"]]
    ignored = [n for i, n in enumerate(names) if i not in positions]
    return positions, ignored


class HeaderError(Exception):
    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def is_null(raw):
    return raw is None or raw.strip(" ").upper() in NULL_MARKERS


def parse_date(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_timestamp(text):
    """An ISO-8601 timestamp as a naive UTC datetime (an offset converts; none means UTC), or None."""
    m = TIMESTAMP_PATTERN.fullmatch(text)
    if not m:
        return None
    day = parse_date(m.group("date"))
    if day is None:
        return None
    fraction = (m.group("f") or "").ljust(6, "0")[:6]
    try:
        value = dt.datetime(day.year, day.month, day.day, int(m.group("h") or 0), int(m.group("m") or 0), int(m.group("s") or 0), int(fraction or 0))
    except ValueError:
        return None
    tz = m.group("tz")
    if tz and tz not in ("Z", "z"):
        digits = tz[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        value = value - offset if tz[0] == "+" else value + offset
    return value


def _decimal_checks(t, v):
    if not DECIMAL_PATTERN.fullmatch(v):
        return "INVALID_NUMBER", None
    # Trailing zeros are not extra precision: 12.3400 is a valid 2-decimal amount.
    if not re.fullmatch(r"[+-]?[0-9]*(\.[0-9]{0,%d}0*)?" % t["scale"], v):
        return "TOO_MANY_DECIMALS", None
    try:
        value = Decimal(v).quantize(Decimal(1).scaleb(-t["scale"]))
    except InvalidOperation:
        return "OUT_OF_RANGE", None
    whole_digits = len(v.lstrip("+-").split(".")[0])
    too_low = "min" in t and value < Decimal(t["min"])
    too_high = "max" in t and value > Decimal(t["max"])
    if too_low or too_high or whole_digits > t["precision"] - t["scale"]:
        return "OUT_OF_RANGE", None
    return None, value


def check_value(column, raw, bounds):
    """(reason code or None, typed value) for one raw field, as the pipeline's SQL decides it."""
    if is_null(raw):
        return ("REQUIRED_MISSING" if column["required"] else None), None
    v = raw.strip(" ")
    t = column["type"]
    kind = t["kind"]
    earliest, latest = bounds
    if kind in ("id", "text"):
        if len(v) > t["maxLength"]:
            return "FIELD_TOO_LONG", None
        if kind == "id" and not ID_PATTERN.fullmatch(v):
            return "INVALID_ID", None
        return None, v
    if kind == "enum":
        return (None, v) if v in t["values"] else ("NOT_ACCEPTED", None)
    if kind == "boolean":
        low = v.lower()
        return (None, low in ("true", "1")) if low in ("true", "false", "1", "0") else ("INVALID_BOOLEAN", None)
    if kind == "integer":
        if not INTEGER_PATTERN.fullmatch(v):
            return "INVALID_INTEGER", None
        value = int(v)
        return (None, value) if t["min"] <= value <= t["max"] else ("OUT_OF_RANGE", None)
    if kind == "decimal":
        return _decimal_checks(t, v)
    if kind == "date":
        day = parse_date(v) if DATE_PATTERN.fullmatch(v) else None
        if day is None:
            return "INVALID_DATE", None
        return (None, day) if earliest <= day <= latest else ("DATE_OUT_OF_RANGE", None)
    if kind == "timestamp":
        value = parse_timestamp(v)
        if value is None:
            return "INVALID_TIMESTAMP", None
        return (None, value) if earliest <= value.date() <= latest else ("DATE_OUT_OF_RANGE", None)
    raise ValueError("Unknown column kind %r" % kind)


def check_record(entity, fields, positions, bounds):
    """(typed row dict or None, [(column, reason, raw value)]) for one record split into fields."""
    typed = {}
    problems = []
    for column, position in zip(entity["columns"], positions):
        raw = fields[position] if position < len(fields) else None
        reason, value = check_value(column, raw, bounds)
        if reason:
            problems.append((column["name"], reason, raw))
        typed[column["name"]] = value
    return (None if problems else typed), problems


def field_count_reason(fields, header_count):
    """ROW_TOO_FEW_FIELDS / ROW_TOO_MANY_FIELDS, or None when the record splits into the header's fields."""
    if len(fields) < header_count:
        return "ROW_TOO_FEW_FIELDS"
    if len(fields) > header_count:
        return "ROW_TOO_MANY_FIELDS"
    return None


def partition_date(entity, typed, batch_date):
    """The UTC day the processed row is partitioned under: its first date/timestamp column, else the batch's day."""
    column = entity.get("partitionColumn")
    value = typed.get(column) if column else None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return batch_date.isoformat()


def duplicate_reasons(rows, key):
    """
    Within one file: an exact copy of an earlier row is DUPLICATE_ROW (the first copy loads);
    rows sharing a key but differing are all DUPLICATE_KEY. `rows` are (record number, typed dict);
    returns {record number: reason}.
    """
    by_key = {}
    for rec, row in rows:
        by_key.setdefault(tuple(row[k] for k in key), []).append((rec, row))
    reasons = {}
    for group in by_key.values():
        variants = {tuple(sorted(row.items())) for _, row in group}
        if len(variants) > 1:
            for rec, _ in group:
                reasons[rec] = "DUPLICATE_KEY"
        else:
            for rec, _ in sorted(group)[1:]:
                reasons[rec] = "DUPLICATE_ROW"
    return reasons
