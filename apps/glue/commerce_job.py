"""finlake commerce Glue job (Glue 4+, PySpark): raw CSV → contract checks → processed Parquet + quarantine.

Uploaded by Pulumi (infra/, Etl component) under a key that carries this file's SHA-256, so a change
here becomes a new object and a new job definition.

Job parameters:
  --raw_bucket, --processed_bucket, --quarantine_bucket   set by the Etl component
  --raw_prefix      key prefix of the batch's raw files (default: commerce/incoming/)
  --contract_path   the contract JSON (default commerce_contract.json), looked up in the working
                    directory (where Glue puts --extra-files) and then beside this script; the Etl
                    component ships it with --extra-files and contract_rules.py with --extra-py-files
  --run_date        YYYY-MM-DD, the day dates may not exceed (+ maxFutureDays); default today (UTC)

Per file: the batch id is the SHA-256 of its bytes (as in the local pipeline); the header is
matched to the contract; every record is checked by contract_rules (the same reason codes as the
pipeline's SQL); the contract's business rules run as Spark SQL expressions. Good rows go to
s3://<processed>/commerce/<entity>/date=YYYY-MM-DD/batch=<hash>/ as Parquet; bad rows, with
file, line, column, reason code and raw text, to s3://<quarantine>/commerce/<entity>/batch_id=<hash>/.
Re-running a batch overwrites its own partitions only (dynamic partition overwrite).

The processed files are loaded by Redshift COPY (sql/ddl/commerce/04_procedures.sql, sp_copy_processed),
which maps Parquet columns by position and does not read Hive partition folders: each file holds
the contract columns then batch_id, rec and file_name (processed_columns), the partition values are
copies. Every entity also gets a zero-row file under _schema/, so its prefix exists (COPY fails on a
missing prefix) before its first batch arrives; no _SUCCESS markers are written (they are not Parquet).

Each file is parsed whole by one task (records may span lines inside quotes, and record numbers
must match the file): raw drops are expected as one file per entity per day, not one huge file.
"""
import csv
import datetime as dt
import hashlib
import io
import os
import sys

import contract_rules as cr

QUARANTINE_COLUMNS = ["file_name", "line_number", "column_name", "reason_code", "raw_value", "raw_record"]
# After the contract columns, in Parquet order; tools/ddl.ts renders COPY with the same list.
PROCESSED_EXTRA = ["batch_id", "rec", "file_name"]
# Hive partition folders of the processed zone (copies of data columns: COPY does not read folders).
PARTITION_COLUMNS = ["date", "batch"]
SCHEMA_MARKER = "_schema"


def processed_columns(entity):
    """The columns of a processed Parquet file, in file order (the order Redshift COPY maps by position)."""
    return [c["name"] for c in entity["columns"]] + PROCESSED_EXTRA


def processed_path(bucket, product, entity_name):
    """The processed zone of one entity: sp_copy_processed COPYs everything under it."""
    return "s3://%s/%s/%s/" % (bucket, product, entity_name)


def resolve_contract_path(value, script_dir, exists=os.path.exists):
    """The contract file: as given (Glue copies --extra-files to the working directory), else beside the script."""
    candidates = [value] if os.path.isabs(value) else [value, os.path.join(script_dir, value)]
    for path in candidates:
        if exists(path):
            return path
    raise FileNotFoundError("finlake: contract %s not found (looked at %s); pass it with --extra-files or --contract_path" % (value, ", ".join(candidates)))


def option(argv, name, default):
    """An optional job parameter (getResolvedOptions only handles required ones)."""
    flag = "--" + name
    if flag in argv:
        i = argv.index(flag)
        if i + 1 < len(argv):
            return argv[i + 1]
    return default


def join_record(fields):
    """The record re-joined as one CSV line (fields quoted where needed), for the quarantine's raw_record."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(fields)
    return buffer.getvalue()


def utf8_text(data):
    """The bytes as text without a UTF-8 byte-order mark, or None when they are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse_file(path, data, contract, checks, batch_date):
    """
    One raw file → ('ok', entity, batch_id, typed row) and ('bad', entity, batch_id, quarantine row)
    tuples, or one ('file', entity, batch_id, {file_name, reason_code, message}) for a rejected file.
    `checks` is the contract's cr.Checks for the run's date.
    """
    name = path.rsplit("/", 1)[-1]
    entity = cr.entity_for_file(contract, name)
    if entity is None:
        return []
    batch_id = hashlib.sha256(data).hexdigest()

    def rejected(reason, message):
        return [("file", entity["name"], batch_id, {"file_name": name, "reason_code": reason, "message": message})]

    if not data:
        return rejected("FILE_EMPTY", checks.message("FILE_EMPTY"))
    text = None if checks.not_utf8(data) else utf8_text(data)
    if text is None:
        return rejected("FILE_ENCODING", checks.message("FILE_ENCODING"))
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        return rejected("FILE_EMPTY", checks.message("FILE_EMPTY"))
    header = [h.strip() for h in records[0]]
    try:
        positions, _ignored = cr.check_header(entity, header, checks)
    except cr.HeaderError as err:
        return rejected(err.reason, str(err))

    out = []
    good = []
    for rec, fields in enumerate(records[1:], start=2):
        raw_record = join_record(fields)
        bad = lambda column, reason, raw: ("bad", entity["name"], batch_id, dict(zip(QUARANTINE_COLUMNS, [name, rec, column, reason, raw, raw_record])))  # noqa: E731
        count_reason = cr.field_count_reason(fields, len(header))
        if count_reason:
            out.append(bad(None, count_reason, None))
            continue
        typed, problems = cr.check_record(entity, fields, positions, checks)
        if problems:
            out.extend(bad(column, reason, raw) for column, reason, raw in problems)
            continue
        good.append((rec, typed, raw_record))
    duplicates = cr.duplicate_reasons([(rec, typed) for rec, typed, _ in good], entity["key"])
    for rec, typed, raw_record in good:
        if rec in duplicates:
            out.append(("bad", entity["name"], batch_id, dict(zip(QUARANTINE_COLUMNS, [name, rec, None, duplicates[rec], None, raw_record]))))
            continue
        row = dict(typed, batch_id=batch_id, rec=rec, date=cr.partition_date(entity, typed, batch_date), raw_record=raw_record, file_name=name)
        out.append(("ok", entity["name"], batch_id, row))
    return out


def rejection_error(rejected):
    """The job's failure message (the state machine's cause), as the local stand-in words it: `file (REASON: message)`."""
    return "finlake: rejected file(s), nothing processed: %s" % ", ".join("%s (%s: %s)" % (f, r, m) for f, _, _, r, m in rejected)


def main():
    # Imported here so contract_rules and this module stay importable without Spark.
    from awsglue.context import GlueContext  # type: ignore  # provided by the Glue runtime
    from awsglue.job import Job  # type: ignore
    from awsglue.utils import getResolvedOptions  # type: ignore
    from pyspark.context import SparkContext  # type: ignore
    from pyspark.sql import functions as F  # type: ignore
    from pyspark.sql import types as T  # type: ignore

    args = getResolvedOptions(sys.argv, ["JOB_NAME", "raw_bucket", "processed_bucket", "quarantine_bucket"])
    raw_prefix = option(sys.argv, "raw_prefix", "commerce/incoming/")
    contract_path = resolve_contract_path(option(sys.argv, "contract_path", "commerce_contract.json"), os.path.dirname(os.path.abspath(__file__)))
    run_date = dt.date.fromisoformat(option(sys.argv, "run_date", dt.datetime.now(dt.timezone.utc).date().isoformat()))

    sc = SparkContext.getOrCreate()
    glue = GlueContext(sc)
    spark = glue.spark_session
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    # No _SUCCESS files: COPY reads every object under an entity's prefix, and they are not Parquet.
    sc._jsc.hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    contract = cr.load_contract(contract_path)
    checks = cr.Checks(contract, run_date)
    product = contract["product"]
    files = sc.binaryFiles("s3://%s/%s" % (args["raw_bucket"], raw_prefix))
    parsed = files.flatMap(lambda pair: parse_file(pair[0], pair[1], contract, checks, run_date)).cache()

    # A broken file (encoding, empty, header) rejects the whole run, as locally: nothing is written
    # but the list of rejected files, and the job fails so the state machine stops before loading.
    rejected = parsed.filter(lambda t: t[0] == "file").map(lambda t: (t[3]["file_name"], t[1], t[2], t[3]["reason_code"], t[3]["message"])).collect()
    if rejected:
        spark.createDataFrame([r[:4] for r in rejected], "file_name string, entity string, batch_id string, reason_code string").write.mode("append").json(
            "s3://%s/%s/_rejected_files/run_date=%s/" % (args["quarantine_bucket"], product, run_date.isoformat())
        )
        raise RuntimeError(rejection_error(rejected))

    spark_type = {"string": T.StringType(), "int": T.IntegerType(), "date": T.DateType(), "timestamp": T.TimestampType(), "boolean": T.BooleanType()}

    def to_spark(type_name):
        if type_name.startswith("decimal("):
            precision, scale = type_name[8:-1].split(",")
            return T.DecimalType(int(precision), int(scale))
        return spark_type[type_name]

    quarantine_schema = T.StructType([
        T.StructField("file_name", T.StringType()),
        T.StructField("line_number", T.LongType()),
        T.StructField("column_name", T.StringType()),
        T.StructField("reason_code", T.StringType()),
        T.StructField("raw_value", T.StringType()),
        T.StructField("raw_record", T.StringType()),
        T.StructField("batch_id", T.StringType()),
    ])

    for entity in contract["entities"]:
        name = entity["name"]
        columns = [T.StructField(c["name"], to_spark(c["sparkType"])) for c in entity["columns"]]
        extra = [T.StructField(n, t) for n, t in [("batch_id", T.StringType()), ("rec", T.LongType()), ("date", T.StringType()), ("raw_record", T.StringType()), ("file_name", T.StringType())]]
        ok_schema = T.StructType(columns + extra)
        ok_rows = parsed.filter(lambda t, n=name: t[0] == "ok" and t[1] == n).map(lambda t, s=ok_schema: tuple(t[3].get(f.name) for f in s.fields))
        good = spark.createDataFrame(ok_rows, ok_schema)

        # Business rules are portable SQL conditions: a row that does not satisfy one is quarantined under the rule's name.
        broken = F.lit(None).cast("string")
        for rule in reversed(entity["rules"]):
            broken = F.when(~F.coalesce(F.expr(rule["condition"]), F.lit(False)), F.lit(rule["name"])).otherwise(broken)
        checked = good.withColumn("broken_rule", broken)

        rule_bad = checked.filter(F.col("broken_rule").isNotNull()).select(
            "file_name", F.col("rec").alias("line_number"), F.col("broken_rule").alias("column_name"), F.lit("BUSINESS_RULE").alias("reason_code"), F.lit(None).cast("string").alias("raw_value"), "raw_record", "batch_id"
        )
        row_bad = spark.createDataFrame(
            parsed.filter(lambda t, n=name: t[0] == "bad" and t[1] == n).map(lambda t: tuple(t[3][c] for c in QUARANTINE_COLUMNS) + (t[2],)), quarantine_schema
        )
        row_bad.unionByName(rule_bad).write.mode("overwrite").partitionBy("batch_id").parquet("s3://%s/%s/%s/" % (args["quarantine_bucket"], product, name))

        columns = processed_columns(entity)
        processed = checked.filter(F.col("broken_rule").isNull()).withColumn("batch", F.col("batch_id")).select(*(columns + PARTITION_COLUMNS))
        target = processed_path(args["processed_bucket"], product, name)
        processed.write.mode("overwrite").partitionBy(*PARTITION_COLUMNS).parquet(target)
        # Zero rows, same columns: the prefix exists for COPY even before the entity's first batch.
        processed.select(*columns).limit(0).coalesce(1).write.mode("overwrite").parquet(target + SCHEMA_MARKER + "/")

    job.commit()


if __name__ == "__main__":
    main()
