"""Talks to a Runboard server started with --app-name basic-auth the way the `mlflow` client does:
`requests` with HTTP basic auth (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD become
`auth=(username, password)` on every call). Prints what each step answered as one JSON object."""
import json
import sys

import requests

base, admin_user, admin_password = sys.argv[1], sys.argv[2], sys.argv[3]
api = f"{base}/api/2.0/mlflow"
seen = {}


def call(step, method, path, auth, **kwargs):
    response = requests.request(method, f"{api}{path}" if path.startswith("/") else path, auth=auth, timeout=30, **kwargs)
    try:
        body = response.json()
    except ValueError:
        body = response.text
    seen[step] = {"status": response.status_code, "body": body, "www_authenticate": response.headers.get("WWW-Authenticate")}
    return body


admin = (admin_user, admin_password)
writer = ("py-writer", "py-writer-password")
reader = ("py-reader", "py-reader-password")

call("anonymous", "GET", "/experiments/get-by-name", None, params={"experiment_name": "Default"})
call("wrong_password", "GET", "/experiments/get-by-name", (admin_user, "not-it"), params={"experiment_name": "Default"})
call("create_writer", "POST", "/users/create", admin, json={"username": writer[0], "password": writer[1]})
call("create_reader", "POST", "/users/create", admin, json={"username": reader[0], "password": reader[1]})

experiment_id = call("create_experiment", "POST", "/experiments/create", writer, json={"name": "py-basic-auth"}).get("experiment_id")
run = call("create_run", "POST", "/runs/create", writer, json={"experiment_id": experiment_id, "start_time": 1}).get("run", {})
run_id = run.get("info", {}).get("run_id")
call(
    "log_batch",
    "POST",
    "/runs/log-batch",
    writer,
    json={"run_id": run_id, "metrics": [{"key": "loss", "value": 0.5, "timestamp": 1, "step": 0}], "params": [{"key": "lr", "value": "0.1"}]},
)
call(
    "upload_artifact",
    "PUT",
    f"{base}/api/2.0/mlflow-artifacts/artifacts/{experiment_id}/{run_id}/artifacts/notes.txt",
    writer,
    data=b"hello",
)
call("writer_self", "GET", "/users/get", writer, params={"username": writer[0]})
call("reader_get_run", "GET", "/runs/get", reader, params={"run_id": run_id})
call("reader_log_metric", "POST", "/runs/log-metric", reader, json={"run_id": run_id, "key": "loss", "value": 1, "timestamp": 2})
call(
    "grant_reader_edit",
    "POST",
    "/experiments/permissions/create",
    writer,
    json={"experiment_id": experiment_id, "username": reader[0], "permission": "EDIT"},
)
call("reader_log_metric_after_grant", "POST", "/runs/log-metric", reader, json={"run_id": run_id, "key": "loss", "value": 1, "timestamp": 2})
call("reader_delete_run", "POST", "/runs/delete", reader, json={"run_id": run_id})
print(json.dumps(seen))
