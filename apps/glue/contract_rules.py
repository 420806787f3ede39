"""Pure contract checks for the finlake Glue job: no Spark, no AWS, unit-tested with unittest.

The contract comes from contracts/<product>.json, generated from the TypeScript contract
(`npx tsx tools/glue-contract.ts`): its columns, and under `checks` every check constant (null
markers, patterns, booleans, the encoding test, the file-level messages) as libs/contracts defines
them for the pipeline too. Nothing here restates one. The checks give the same reason codes, in the
same order, as the pipeline's SQL validation (libs/pipeline/src/validate-sql.ts): per column the
first failing check wins, so a column reports at most one reason.
"""
import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation


LAYOUT_PREFIXES = ["rawPrefix", "processedPrefix", "quarantinePrefix"]


def load_contract(path):
    """The contract JSON as a dict (product, layout, entities, columns, rules, date limits)."""
    with open(path, encoding="utf-8") as f:
        contract = json.load(f)
    check_contract(contract, path)
    return contract


def check_contract(contract, path):
    """The job takes everything product-specific from the contract: refuse one without its product or lake layout."""
    problems = []
    if not isinstance(contract.get("product"), str) or not contract["product"]:
        problems.append("no product name")
    layout = contract.get("layout") if isinstance(contract.get("layout"), dict) else {}
    for key in LAYOUT_PREFIXES:
        value = layout.get(key)
        if not isinstance(value, str) or not value.endswith("/") or value.startswith("/"):
            problems.append("layout.%s must be a key prefix ending in / (got %r)" % (key, value))
    if not contract.get("entities"):
        problems.append("no entities")
    if problems:
        raise ValueError("finlake: contract %s: %s; regenerate it with tools/glue-contract.ts" % (path, "; ".join(problems)))


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


class Checks:
    """The contract JSON's check constants (libs/contracts/src/rules.ts) and the date bounds of a run on `today`."""

    def __init__(self, contract, today):
        checks = contract["checks"]
        patterns = checks["patterns"]
        self.null_markers = frozenset(checks["nullMarkers"])
        self.id = re.compile(patterns["id"])
        self.integer = re.compile(patterns["integer"])
        self.decimal = re.compile(patterns["decimal"])
        self.date = re.compile(patterns["date"])
        self.timestamp = re.compile(patterns["timestamp"])
        self.month = re.compile(patterns["month"])
        self._decimal_scale = patterns["decimalScale"]
        self._scales = {}
        self.booleans = frozenset(checks["booleans"]["values"])
        self.true = frozenset(checks["booleans"]["true"])
        self.utf16_boms = tuple(bytes.fromhex(bom) for bom in checks["encoding"]["utf16Boms"])
        self.nul_scan_bytes = checks["encoding"]["nulScanBytes"]
        self.other_delimiters = checks["otherDelimiters"]
        self.messages = checks["fileMessages"]
        self.earliest, self.latest = date_bounds(contract, today)

    def decimal_scale(self, scale):
        """The pattern of a decimal with at most `scale` decimal places (trailing zeros allowed)."""
        if scale not in self._scales:
            self._scales[scale] = re.compile(self._decimal_scale.replace("{scale}", str(scale)))
        return self._scales[scale]

    def message(self, name, **values):
        """A file-level message with its {placeholders} filled."""
        return self.messages[name].format(**values)

    def not_utf8(self, data):
        """Not UTF-8 text, as the pipeline decides it: a UTF-16 byte-order mark, or a NUL byte near the start."""
        return any(data.startswith(bom) for bom in self.utf16_boms) or b"\x00" in data[: self.nul_scan_bytes]


def check_header(entity, names, checks):
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
        columns = ", ".join(json.dumps(d, ensure_ascii=False) for d in duplicated)
        raise HeaderError("HEADER_DUPLICATE_COLUMN", checks.message("HEADER_DUPLICATE_COLUMN", columns=columns))
    # A column with a default may be left out (position -1: every row takes the default).
    missing = [c["header"] for c in entity["columns"] if c["header"].lower() not in seen and c.get("default") is None]
    if missing:
        message = checks.message("HEADER_MISSING_COLUMN", missing=", ".join(missing), expected=",".join(c["header"] for c in entity["columns"]))
        delimiter = next((d for d in checks.other_delimiters if d in names[0]), None) if len(names) == 1 else None
        if delimiter:
            message += checks.message("OTHER_DELIMITER", delimiter=json.dumps(delimiter))
        raise HeaderError("HEADER_MISSING_COLUMN", message)
    positions = [seen.get(c["header"].lower(), -1) for c in entity["columns"]]
    ignored = [n for i, n in enumerate(names) if i not in positions]
    return positions, ignored


class HeaderError(Exception):
    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def is_null(raw, checks):
    return raw is None or raw.strip(" ").upper() in checks.null_markers


def parse_date(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_timestamp(text, checks):
    """An ISO-8601 timestamp as a naive UTC datetime (an offset converts; none means UTC), or None."""
    if not checks.timestamp.fullmatch(text):
        return None
    day = parse_date(text[:10])
    if day is None:
        return None
    # The pattern has matched: the date, then optionally [T ]hh:mm[:ss[.fraction]], then the offset.
    rest = text[10:]
    hour = minute = second = 0
    fraction = ""
    if rest[:1] in ("T", " ") and len(rest) > 1:
        hour, minute, rest = int(rest[1:3]), int(rest[4:6]), rest[6:]
        if rest.startswith(":"):
            second, rest = int(rest[1:3]), rest[3:]
            if rest.startswith("."):
                digits = len(rest) - len(rest[1:].lstrip("0123456789")) - 1
                fraction, rest = rest[1 : 1 + digits], rest[1 + digits :]
    try:
        value = dt.datetime(day.year, day.month, day.day, hour, minute, second, int(fraction.ljust(6, "0")[:6]))
    except ValueError:
        return None
    if rest and rest not in ("Z", "z"):
        digits = rest[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        value = value - offset if rest[0] == "+" else value + offset
    return value


def _decimal_checks(t, v, checks):
    if not checks.decimal.fullmatch(v):
        return "INVALID_NUMBER", None
    if not checks.decimal_scale(t["scale"]).fullmatch(v):
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


def check_value(column, raw, checks):
    """(reason code or None, typed value) for one raw field, as the pipeline's SQL decides it."""
    if is_null(raw, checks):
        return ("REQUIRED_MISSING" if column["required"] else None), None
    v = raw.strip(" ")
    t = column["type"]
    kind = t["kind"]
    earliest, latest = checks.earliest, checks.latest
    if kind in ("id", "text"):
        if len(v) > t["maxLength"]:
            return "FIELD_TOO_LONG", None
        if kind == "id" and not checks.id.fullmatch(v):
            return "INVALID_ID", None
        return None, v
    if kind == "enum":
        return (None, v) if v in t["values"] else (t.get("reason", "NOT_ACCEPTED"), None)
    if kind == "boolean":
        low = v.lower()
        return (None, low in checks.true) if low in checks.booleans else ("INVALID_BOOLEAN", None)
    if kind == "integer":
        if not checks.integer.fullmatch(v):
            return "INVALID_INTEGER", None
        value = int(v)
        return (None, value) if t["min"] <= value <= t["max"] else ("OUT_OF_RANGE", None)
    if kind == "decimal":
        return _decimal_checks(t, v, checks)
    if kind == "date":
        day = parse_date(v) if checks.date.fullmatch(v) else None
        if day is None:
            return "INVALID_DATE", None
        # A date that may lie ahead (a maturity) is bounded by the earliest date only.
        return (None, day) if earliest <= day and (t.get("future") or day <= latest) else ("DATE_OUT_OF_RANGE", None)
    if kind == "month":
        # Kept as its text, as the pipeline stages it.
        if not checks.month.fullmatch(v):
            return "INVALID_PERIOD", None
        return (None, v) if earliest.isoformat()[:7] <= v <= latest.isoformat()[:7] else ("DATE_OUT_OF_RANGE", None)
    if kind == "timestamp":
        value = parse_timestamp(v, checks)
        if value is None:
            return "INVALID_TIMESTAMP", None
        return (None, value) if earliest <= value.date() <= latest else ("DATE_OUT_OF_RANGE", None)
    raise ValueError("Unknown column kind %r" % kind)


def check_record(entity, fields, positions, checks):
    """(typed row dict or None, [(column, reason, raw value)]) for one record split into fields."""
    typed = {}
    problems = []
    for column, position in zip(entity["columns"], positions):
        raw = column["default"] if position < 0 else fields[position] if position < len(fields) else None
        reason, value = check_value(column, raw, checks)
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


def duplicate_reasons(rows, key, every_copy_reason=None, keep_on_conflict=None):
    """
    Within one file: an exact copy of an earlier row is DUPLICATE_ROW (the first copy loads);
    rows sharing a key but differing are all DUPLICATE_KEY. With `every_copy_reason` (the entity's
    duplicateKeyReason) every row of a shared key gets that reason, identical copies too. With
    `keep_on_conflict` (the entity's keepOnConflict: orderBy, reason) differing rows keep the first
    by orderBy (then record number) and the others get its reason.
    `rows` are (record number, typed dict); returns {record number: reason}.
    """
    by_key = {}
    for rec, row in rows:
        by_key.setdefault(tuple(row[k] for k in key), []).append((rec, row))
    reasons = {}
    for group in by_key.values():
        variants = {tuple(sorted(row.items())) for _, row in group}
        if every_copy_reason and len(group) > 1:
            for rec, _ in group:
                reasons[rec] = every_copy_reason
        elif len(variants) > 1 and keep_on_conflict:
            order = keep_on_conflict["orderBy"]
            ranked = sorted(group, key=lambda r: ([(r[1][c] is None, r[1][c]) for c in order], r[0]))
            for rec, _ in ranked[1:]:
                reasons[rec] = keep_on_conflict["reason"]
        elif len(variants) > 1:
            for rec, _ in group:
                reasons[rec] = "DUPLICATE_KEY"
        else:
            for rec, _ in sorted(group)[1:]:
                reasons[rec] = "DUPLICATE_ROW"
    return reasons
