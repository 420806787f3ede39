"""finlake: start the pipeline state machine from Airflow (MWAA) and wait for it.

The state machine sequences the work (Glue, COPY, models, quality gate, publish); this DAG only
triggers and watches it. The state machine ARN comes from the Airflow variable
`finlake_state_machine_arn` (set once per environment).
"""
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.providers.amazon.aws.operators.step_function import StepFunctionStartExecutionOperator
from airflow.providers.amazon.aws.sensors.step_function import StepFunctionExecutionSensor

with DAG(
    dag_id="finlake_pipeline",
    start_date=datetime(2026, 1, 1),
    schedule=None,  # EventBridge schedules the nightly run; this DAG is for on-demand and backfill runs
    catchup=False,
    max_active_runs=1,
    tags=["finlake"],
) as dag:
    start = StepFunctionStartExecutionOperator(
        task_id="start_pipeline",
        state_machine_arn=Variable.get("finlake_state_machine_arn", default_var=""),
    )
    wait = StepFunctionExecutionSensor(
        task_id="wait_for_pipeline",
        execution_arn="{{ task_instance.xcom_pull(task_ids='start_pipeline') }}",
        poke_interval=60,
        timeout=6 * 3600,
        mode="reschedule",
    )
    start >> wait
