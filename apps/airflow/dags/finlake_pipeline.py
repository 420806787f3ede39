"""finlake: start a data product's pipeline state machine from Airflow (MWAA) and wait for it.

Every registered data product has its own state machine; it sequences the work (Glue, COPY,
models, quality gate, publish), and this DAG only triggers and watches it. Trigger the DAG with
the product's name, e.g. `{"product": "<name>"}` as the run's configuration. The ARNs come from the
Airflow variable `finlake_state_machine_arns`, a JSON object keyed by product: a Secrets Manager
secret written by Pulumi (the Mwaa component) and read through Airflow's secrets backend. It is
read when the task runs (a template), not when the file is parsed, so parsing makes no Secrets
Manager call; an unknown product fails the task (templates use StrictUndefined).

The operators and the sensor come from apache-airflow-providers-amazon, pinned in
apps/airflow/requirements.txt.
"""
from datetime import datetime

from airflow import DAG
from airflow.models.param import Param
from airflow.providers.amazon.aws.operators.step_function import StepFunctionStartExecutionOperator
from airflow.providers.amazon.aws.sensors.step_function import StepFunctionExecutionSensor

with DAG(
    dag_id="finlake_pipeline",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # EventBridge schedules the nightly run; this DAG is for on-demand and backfill runs
    catchup=False,
    max_active_runs=1,
    tags=["finlake"],
    # No default: a run names its product.
    params={"product": Param(type="string", pattern="^[a-z][a-z0-9_]*$", description="The data product whose pipeline runs.")},
) as dag:
    start = StepFunctionStartExecutionOperator(
        task_id="start_pipeline",
        state_machine_arn="{{ var.json.finlake_state_machine_arns[params.product] }}",
    )
    wait = StepFunctionExecutionSensor(
        task_id="wait_for_pipeline",
        execution_arn="{{ task_instance.xcom_pull(task_ids='start_pipeline') }}",
        poke_interval=60,
        timeout=6 * 3600,
        mode="reschedule",
    )
    start >> wait
