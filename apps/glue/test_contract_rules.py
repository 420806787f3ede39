"""Unit tests of the Glue job's pure contract checks (python3 -m unittest, no Spark needed)."""
import datetime as dt
import json
import os
import unittest
from decimal import Decimal

import contract_rules as cr

CONTRACT = cr.load_contract(os.path.join(os.path.dirname(os.path.abspath(__file__)), "contracts", "commerce.json"))
ENTITIES = {e["name"]: e for e in CONTRACT["entities"]}
CHECKS = cr.Checks(CONTRACT, dt.date(2025, 6, 30))


def column(entity, name):
    return next(c for c in ENTITIES[entity]["columns"] if c["name"] == name)


class CheckValueTest(unittest.TestCase):
    CASES = [
        # (entity, column, raw, expected reason, expected typed value)
        ("transactions", "transaction_id", "T-1", None, "T-1"),
        ("transactions", "transaction_id", "  T-1 ", None, "T-1"),
        ("transactions", "transaction_id", "N/A", "REQUIRED_MISSING", None),
        ("transactions", "transaction_id", " nil ", "REQUIRED_MISSING", None),
        ("transactions", "transaction_id", "#n/a", "REQUIRED_MISSING", None),
        ("transactions", "transaction_id", None, "REQUIRED_MISSING", None),
        ("transactions", "transaction_id", "T 1", "INVALID_ID", None),
        ("transactions", "transaction_id", "x" * 65, "FIELD_TOO_LONG", None),
        ("transactions", "channel", "Amazon", None, "Amazon"),
        ("transactions", "channel", "amazon", "NOT_ACCEPTED", None),
        ("transactions", "is_return", "TRUE", None, True),
        ("transactions", "is_return", "0", None, False),
        ("transactions", "is_return", "yes", "INVALID_BOOLEAN", None),
        ("transactions", "quantity", "+3", None, 3),
        ("transactions", "quantity", "3.0", "INVALID_INTEGER", None),
        ("transactions", "quantity", "100001", "OUT_OF_RANGE", None),
        ("transactions", "discount_amount", "12.3400", None, Decimal("12.34")),
        ("transactions", "discount_amount", "12.345", "TOO_MANY_DECIMALS", None),
        ("transactions", "discount_amount", "$12", "INVALID_NUMBER", None),
        ("transactions", "discount_amount", "1,000.00", "INVALID_NUMBER", None),
        ("transactions", "discount_amount", "NaN", "INVALID_NUMBER", None),
        ("transactions", "discount_amount", "-1", "OUT_OF_RANGE", None),
        ("transactions", "unit_price", "9.9999", None, Decimal("9.9999")),
        ("transactions", "transaction_ts", "2024-01-31T23:30:00-01:00", None, dt.datetime(2024, 2, 1, 0, 30)),
        ("transactions", "transaction_ts", "2024-01-31 10:00", None, dt.datetime(2024, 1, 31, 10, 0)),
        ("transactions", "transaction_ts", "2024-01-31T10:00:05.1234567+0130", None, dt.datetime(2024, 1, 31, 8, 30, 5, 123456)),
        ("transactions", "transaction_ts", "2024-01-31", None, dt.datetime(2024, 1, 31)),
        ("transactions", "transaction_ts", "2024-01-31T24:00", "INVALID_TIMESTAMP", None),
        ("transactions", "transaction_ts", "2024-02-30T10:00:00Z", "INVALID_TIMESTAMP", None),
        ("transactions", "transaction_ts", "31/01/2024", "INVALID_TIMESTAMP", None),
        ("transactions", "transaction_ts", "1999-12-31T10:00:00Z", "DATE_OUT_OF_RANGE", None),
        ("cogs", "effective_date", "2024-02-29", None, dt.date(2024, 2, 29)),
        ("cogs", "effective_date", "2023-02-29", "INVALID_DATE", None),
        ("cogs", "effective_date", "2025-07-02", "DATE_OUT_OF_RANGE", None),
    ]

    def test_reason_codes_and_typed_values(self):
        for entity, name, raw, reason, typed in self.CASES:
            with self.subTest(column=name, raw=raw):
                self.assertEqual(cr.check_value(column(entity, name), raw, CHECKS), (reason, typed))

    def test_every_reason_is_a_contract_reason_code(self):
        for _, _, _, reason, _ in self.CASES:
            if reason:
                self.assertIn(reason, CONTRACT["rowReasonCodes"])


class RecordTest(unittest.TestCase):
    def test_header_in_any_order_and_case_with_extra_columns(self):
        products = ENTITIES["products"]
        positions, ignored = cr.check_header(products, ["category", "Notes", "PRODUCTID", "ProductName"], CHECKS)
        self.assertEqual((positions, ignored), ([2, 3, 0], ["Notes"]))

    def test_header_errors(self):
        products = ENTITIES["products"]
        with self.assertRaises(cr.HeaderError) as missing:
            cr.check_header(products, ["ProductID", "Category"], CHECKS)
        self.assertEqual(missing.exception.reason, "HEADER_MISSING_COLUMN")
        self.assertEqual(str(missing.exception), "Missing column(s): ProductName. Expected ProductID,ProductName,Category.")
        with self.assertRaises(cr.HeaderError) as semicolons:
            cr.check_header(products, ["ProductID;ProductName;Category"], CHECKS)
        self.assertTrue(str(semicolons.exception).endswith(' The header looks ";"-delimited; finlake reads comma-separated files.'))
        with self.assertRaises(cr.HeaderError) as duplicate:
            cr.check_header(products, ["ProductID", "productid", "ProductName", "Category"], CHECKS)
        self.assertEqual(duplicate.exception.reason, "HEADER_DUPLICATE_COLUMN")
        self.assertEqual(str(duplicate.exception), 'Column(s) "productid" appear more than once in the header.')

    def test_record_with_problems_is_quarantined_per_column(self):
        products = ENTITIES["products"]
        typed, problems = cr.check_record(products, ["P 1", "", "Mugs"], [0, 1, 2], CHECKS)
        self.assertIsNone(typed)
        self.assertEqual(problems, [("product_id", "INVALID_ID", "P 1"), ("product_name", "REQUIRED_MISSING", "")])

    def test_field_count(self):
        self.assertEqual(cr.field_count_reason(["a"], 3), "ROW_TOO_FEW_FIELDS")
        self.assertEqual(cr.field_count_reason(["a", "b", "c", "d"], 3), "ROW_TOO_MANY_FIELDS")
        self.assertIsNone(cr.field_count_reason(["a", "b", "c"], 3))

    def test_duplicates(self):
        rows = [(2, {"k": "A", "v": 1}), (3, {"k": "A", "v": 1}), (4, {"k": "B", "v": 1}), (5, {"k": "B", "v": 2})]
        self.assertEqual(cr.duplicate_reasons(rows, ["k"]), {3: "DUPLICATE_ROW", 4: "DUPLICATE_KEY", 5: "DUPLICATE_KEY"})

    def test_duplicates_keep_on_conflict(self):
        rows = [(2, {"k": "D", "b": "Safari"}), (3, {"k": "D", "b": "Chrome"}), (4, {"k": "D", "b": "Safari"}), (5, {"k": None, "b": "x"}), (6, {"k": None, "b": "x"})]
        keep = {"orderBy": ["b"], "reason": "DEVICE_CONFLICT"}
        self.assertEqual(cr.duplicate_reasons(rows, ["k"], None, keep), {2: "DEVICE_CONFLICT", 4: "DEVICE_CONFLICT", 6: "DUPLICATE_ROW"})


class ChecksTest(unittest.TestCase):
    """Every check constant comes from the contract JSON (generated from libs/contracts/src/rules.ts)."""

    def test_constants_are_the_contracts(self):
        checks = CONTRACT["checks"]
        self.assertEqual(CHECKS.null_markers, frozenset(checks["nullMarkers"]))
        self.assertEqual(CHECKS.id.pattern, checks["patterns"]["id"])
        self.assertEqual(CHECKS.timestamp.pattern, checks["patterns"]["timestamp"])
        self.assertEqual(CHECKS.booleans, frozenset(checks["booleans"]["values"]))
        self.assertEqual(CHECKS.messages, checks["fileMessages"])

    def test_a_changed_contract_changes_the_checks(self):
        changed = json.loads(json.dumps(CONTRACT))
        changed["checks"]["nullMarkers"].append("UNKNOWN")
        changed["checks"]["patterns"]["id"] = "[A-Z]+"
        changed["checks"]["booleans"] = {"values": ["yes", "no"], "true": ["yes"]}
        checks = cr.Checks(changed, dt.date(2025, 6, 30))
        self.assertEqual(cr.check_value(column("transactions", "transaction_id"), "unknown", checks), ("REQUIRED_MISSING", None))
        self.assertEqual(cr.check_value(column("transactions", "transaction_id"), "T1", checks), ("INVALID_ID", None))
        self.assertEqual(cr.check_value(column("transactions", "is_return"), "Yes", checks), (None, True))
        self.assertEqual(cr.check_value(column("transactions", "is_return"), "1", checks), ("INVALID_BOOLEAN", None))

    def test_not_utf8(self):
        self.assertTrue(CHECKS.not_utf8(b"\xff\xfeP\x00"))
        self.assertTrue(CHECKS.not_utf8(b"\xfe\xff\x00P"))
        self.assertTrue(CHECKS.not_utf8(b"ProductID\x00,ProductName"))
        self.assertFalse(CHECKS.not_utf8(b"\xef\xbb\xbfProductID,ProductName"))
        self.assertFalse(CHECKS.not_utf8(b"x" * CONTRACT["checks"]["encoding"]["nulScanBytes"] + b"\x00"))


class ContractTest(unittest.TestCase):
    def test_entity_for_file(self):
        self.assertEqual(cr.entity_for_file(CONTRACT, "raw/2024/marketing_spend_2024-01.csv")["name"], "marketing_spend")
        self.assertEqual(cr.entity_for_file(CONTRACT, "TRANSACTIONS.csv")["name"], "transactions")
        self.assertIsNone(cr.entity_for_file(CONTRACT, "notes.txt"))

    def test_partition_date(self):
        batch_day = dt.date(2025, 6, 30)
        self.assertEqual(cr.partition_date(ENTITIES["transactions"], {"transaction_ts": dt.datetime(2024, 2, 1, 0, 30)}, batch_day), "2024-02-01")
        self.assertEqual(cr.partition_date(ENTITIES["products"], {"product_id": "P1"}, batch_day), "2025-06-30")


if __name__ == "__main__":
    unittest.main()
