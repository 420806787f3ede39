"""The Glue job's per-file parsing, without Spark (pyspark is imported only inside main()).

The commerce contract is the fixture of the parsing tests; the layout tests run over every
generated contract (one per registered product) and over a renamed copy, since the job is generic.
"""
import copy
import datetime as dt
import glob
import hashlib
import json
import os
import tempfile
import unittest

import finlake_job as job
import contract_rules as cr

HERE = os.path.dirname(os.path.abspath(__file__))
CONTRACT = cr.load_contract(os.path.join(HERE, "contracts", "commerce.json"))
ALL_CONTRACTS = sorted(glob.glob(os.path.join(HERE, "contracts", "*.json")))
DAY = dt.date(2025, 6, 30)
CHECKS = cr.Checks(CONTRACT, DAY)
PRODUCTS = 'ProductID,ProductName,Category\nP1,Mug,Kitchen\nP 2,Cup,Kitchen\nP3,"Plate, large"\nP1,Mug,Kitchen\n'


def parse(name, text):
    return job.parse_file("s3://raw/" + CONTRACT["layout"]["rawPrefix"] + name, text.encode("utf-8"), CONTRACT, CHECKS, DAY)


class ParseFileTest(unittest.TestCase):
    def test_good_bad_and_duplicate_rows(self):
        out = parse("products_2024.csv", PRODUCTS)
        self.assertEqual([t[0] for t in out], ["bad", "bad", "ok", "bad"])
        self.assertEqual([(t[3]["line_number"], t[3]["column_name"], t[3]["reason_code"]) for t in out if t[0] == "bad"], [(3, "product_id", "INVALID_ID"), (4, None, "ROW_TOO_FEW_FIELDS"), (5, None, "DUPLICATE_ROW")])
        self.assertEqual(out[1][3]["raw_record"], 'P3,"Plate, large"')
        ok = out[2][3]
        self.assertEqual((ok["product_id"], ok["rec"], ok["date"]), ("P1", 2, "2025-06-30"))
        self.assertEqual({t[2] for t in out}, {hashlib.sha256(PRODUCTS.encode("utf-8")).hexdigest()})

    def test_broken_header_rejects_the_file(self):
        out = parse("products.csv", "ProductID;ProductName;Category\nP1;Mug;Kitchen\n")
        self.assertEqual([(t[0], t[3]["reason_code"]) for t in out], [("file", "HEADER_MISSING_COLUMN")])
        self.assertIn('";"-delimited', out[0][3]["message"])

    def test_not_utf8_empty_and_unknown_files(self):
        for data in [b"\xff\xfeP\x00", b"ProductID,\x00\n", b"ProductID,Name\n\xff\n"]:
            with self.subTest(data=data):
                self.assertEqual(job.parse_file("s3://raw/products.csv", data, CONTRACT, CHECKS, DAY)[0][3], {"file_name": "products.csv", "reason_code": "FILE_ENCODING", "message": CONTRACT["checks"]["fileMessages"]["FILE_ENCODING"]})
        self.assertEqual(job.parse_file("s3://raw/products.csv", b"", CONTRACT, CHECKS, DAY)[0][3]["message"], CONTRACT["checks"]["fileMessages"]["FILE_EMPTY"])
        self.assertEqual(parse("notes.csv", "a,b\n"), [])

    def test_rejection_error_names_file_reason_and_message(self):
        rejected = [("products.csv", "products", "abc", "FILE_EMPTY", "The file is empty: not even a header row.")]
        self.assertEqual(job.rejection_error(rejected), "finlake: rejected file(s), nothing processed: products.csv (FILE_EMPTY: The file is empty: not even a header row.)")

    def test_ok_rows_carry_every_processed_column(self):
        ok = [t[3] for t in parse("products.csv", PRODUCTS) if t[0] == "ok"]
        products = next(e for e in CONTRACT["entities"] if e["name"] == "products")
        self.assertEqual([c for c in job.processed_columns(products) + ["date"] if c not in ok[0]], [])


class ProcessedLayoutTest(unittest.TestCase):
    """The layout Redshift COPY loads (sp_copy_processed in sql/ddl/commerce/04_procedures.sql maps columns by position)."""

    def test_contract_columns_then_batch_id_rec_file_name(self):
        for entity in CONTRACT["entities"]:
            columns = job.processed_columns(entity)
            self.assertEqual(columns[: len(entity["columns"])], [c["name"] for c in entity["columns"]])
            self.assertEqual(columns[len(entity["columns"]) :], ["batch_id", "rec", "file_name"])

    def test_partition_folders_are_not_data_columns(self):
        # Spark drops partition columns from the files; batch_id must stay in them for COPY.
        for entity in CONTRACT["entities"]:
            self.assertEqual(set(job.PARTITION_COLUMNS) & set(job.processed_columns(entity)), set())
        self.assertEqual(job.PARTITION_COLUMNS, ["date", "batch"])

    def test_processed_path_is_the_prefix_copy_reads(self):
        self.assertEqual(job.processed_path("finlake-dev-processed-123456789012", CONTRACT, "transactions"), "s3://finlake-dev-processed-123456789012/commerce/transactions/")
        self.assertEqual(job.quarantine_path("finlake-dev-quarantine-123456789012", CONTRACT, "transactions"), "s3://finlake-dev-quarantine-123456789012/commerce/transactions/")


class EveryProductTest(unittest.TestCase):
    """The job takes the product and its prefixes from whichever contract it is given."""

    def test_every_generated_contract_names_its_product_and_layout(self):
        self.assertGreater(len(ALL_CONTRACTS), 0)
        for path in ALL_CONTRACTS:
            with self.subTest(contract=os.path.basename(path)):
                contract = cr.load_contract(path)
                name = contract["product"]
                self.assertEqual(os.path.basename(path), name + ".json")
                self.assertEqual(contract["layout"], {"rawPrefix": name + "/incoming/", "processedPrefix": name + "/", "quarantinePrefix": name + "/"})
                entity = contract["entities"][0]["name"]
                self.assertEqual(job.processed_path("p", contract, entity), "s3://p/%s/%s/" % (name, entity))

    def test_another_product_gets_its_own_paths(self):
        other = copy.deepcopy(CONTRACT)
        other["product"] = "toy_ledger"
        other["layout"] = {"rawPrefix": "toy_ledger/incoming/", "processedPrefix": "toy_ledger/", "quarantinePrefix": "toy_ledger/"}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "toy_ledger.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(other, f)
            loaded = cr.load_contract(path)
        self.assertEqual(job.processed_path("p", loaded, "products"), "s3://p/toy_ledger/products/")
        self.assertEqual(job.quarantine_path("q", loaded, "products"), "s3://q/toy_ledger/products/")

    def test_a_contract_without_its_layout_is_refused(self):
        broken = {k: v for k, v in CONTRACT.items() if k != "layout"}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "old.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(broken, f)
            with self.assertRaises(ValueError) as err:
                cr.load_contract(path)
        self.assertIn("layout.rawPrefix", str(err.exception))
        self.assertIn("tools/glue-contract.ts", str(err.exception))

    def test_the_script_names_no_product(self):
        with open(os.path.join(HERE, "finlake_job.py"), encoding="utf-8") as f:
            source = f.read()
        for path in ALL_CONTRACTS:
            name = cr.load_contract(path)["product"]
            self.assertNotIn(name, source.replace("finlake", ""))

    def test_contract_path_working_directory_then_beside_the_script(self):
        self.assertEqual(job.resolve_contract_path("c.json", "/glue", exists=lambda p: p == "c.json"), "c.json")
        self.assertEqual(job.resolve_contract_path("c.json", "/glue", exists=lambda p: p == "/glue/c.json"), "/glue/c.json")
        self.assertEqual(job.resolve_contract_path("/abs/c.json", "/glue", exists=lambda p: True), "/abs/c.json")
        with self.assertRaises(FileNotFoundError) as err:
            job.resolve_contract_path("c.json", "/glue", exists=lambda p: False)
        self.assertIn("--extra-files", str(err.exception))


class ArgumentsTest(unittest.TestCase):
    def test_optional_arguments(self):
        argv = ["job.py", "--JOB_NAME", "j", "--raw_prefix", "commerce/2024-01-31/"]
        self.assertEqual(job.option(argv, "raw_prefix", "x"), "commerce/2024-01-31/")
        self.assertEqual(job.option(argv, "run_date", "2025-06-30"), "2025-06-30")


class ManifestTest(unittest.TestCase):
    FILES = [{"key": "commerce/incoming/2024-02-01/products.csv", "etag": "e1"}, {"key": "commerce/incoming/2024-02-01/cogs.csv", "etag": "e2"}]

    def test_a_manifest_reads_exactly_its_objects(self):
        etags = {"commerce/incoming/2024-02-01/products.csv": '"e1"', "commerce/incoming/2024-02-01/cogs.csv": "e2", "commerce/incoming/2024-01-31/products.csv": "old"}
        paths = job.manifest_sources(json.dumps({"files": self.FILES}), "raw", "commerce/incoming/2024-02-01/", etags.get)
        self.assertEqual(paths, ["s3://raw/commerce/incoming/2024-02-01/products.csv", "s3://raw/commerce/incoming/2024-02-01/cogs.csv"])

    def test_a_changed_or_missing_object_fails_the_run_naming_each(self):
        with self.assertRaises(RuntimeError) as e:
            job.manifest_sources(json.dumps({"files": self.FILES}), "raw", "commerce/incoming/", {"commerce/incoming/2024-02-01/products.csv": "other"}.get)
        self.assertIn("products.csv changed since the drop was planned", str(e.exception))
        self.assertIn("cogs.csv is gone", str(e.exception))

    def test_an_empty_manifest_reads_nothing_and_no_manifest_reads_the_prefix(self):
        self.assertEqual(job.manifest_sources(json.dumps({"files": []}), "raw", "commerce/incoming/", {}.get), [])
        self.assertEqual(job.manifest_sources(json.dumps({"prefix": True}), "raw", "commerce/incoming/", {}.get), ["s3://raw/commerce/incoming/"])
        self.assertEqual(job.manifest_sources(None, "raw", "commerce/incoming/", {}.get), ["s3://raw/commerce/incoming/"])


if __name__ == "__main__":
    unittest.main()
