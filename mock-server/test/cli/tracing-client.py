"""Logs and reads traces the way the MLflow 2.17 client does over REST, with `requests`: StartTrace,
EndTrace, traces.json uploaded through the artifact proxy to the trace's `mlflow.artifactLocation`,
then SearchTraces (a GET with repeated query keys) and the download `mlflow.search_traces` makes,
a tag, and DeleteTraces. Prints what each step answered as one JSON object."""
import json
import sys
import time

import requests

base = sys.argv[1]
api = f"{base}/api/2.0/mlflow"
seen = {}


def call(step, method, url, **kwargs):
    response = requests.request(method, url if url.startswith("http") else f"{api}{url}", timeout=30, **kwargs)
    try:
        body = response.json()
    except ValueError:
        body = response.text
    seen[step] = {"status": response.status_code, "body": body}
    return body


def artifact_url(location, name):
    # mlflow-artifacts:/<path> is served by the proxy at /api/2.0/mlflow-artifacts/artifacts/<path>.
    assert location.startswith("mlflow-artifacts:/"), location
    return f"{base}/api/2.0/mlflow-artifacts/artifacts/{location[len('mlflow-artifacts:/'):].lstrip('/')}/{name}"


experiment_id = call("create_experiment", "POST", "/experiments/create", json={"name": "py-tracing"})["experiment_id"]
start_ms = int(time.time() * 1000)
request_ids = []
for index, outcome in enumerate(["OK", "ERROR", "OK"]):
    started = call(
        f"start_{index}",
        "POST",
        "/traces",
        json={
            "experiment_id": experiment_id,
            "timestamp_ms": start_ms + index,
            "request_metadata": [{"key": "mlflow.trace_schema.version", "value": "2"}],
            "tags": [{"key": "mlflow.user", "value": "py"}, {"key": "mlflow.source.type", "value": "LOCAL"}],
        },
    )["trace_info"]
    request_id = started["request_id"]
    request_ids.append(request_id)
    call(
        f"end_{index}",
        "PATCH",
        f"/traces/{request_id}",
        json={
            "request_id": request_id,
            "timestamp_ms": start_ms + index + 40,
            "status": outcome,
            "request_metadata": [
                {"key": "mlflow.traceInputs", "value": json.dumps({"question": f"q{index}"})},
                {"key": "mlflow.traceOutputs", "value": json.dumps(f"a{index}")},
            ],
            "tags": [{"key": "mlflow.traceName", "value": "qa_chain"}],
        },
    )
    location = next(tag["value"] for tag in started["tags"] if tag["key"] == "mlflow.artifactLocation")
    data = {
        "spans": [
            {
                "name": "qa_chain",
                "context": {"span_id": "0x%016x" % (index + 1), "trace_id": "0x%032x" % (index + 1)},
                "parent_id": None,
                "start_time": (start_ms + index) * 1_000_000,
                "end_time": (start_ms + index + 40) * 1_000_000,
                "status_code": outcome,
                "status_message": "",
                "attributes": {"mlflow.traceRequestId": json.dumps(request_id), "mlflow.spanType": '"CHAIN"'},
                "events": [],
            }
        ],
        "request": json.dumps({"question": f"q{index}"}),
        "response": json.dumps(f"a{index}"),
    }
    call(f"upload_{index}", "PUT", artifact_url(location, "traces.json"), data=json.dumps(data).encode())

# SearchTraces: MLflow's RestStore sends GET with the message fields as query parameters.
page = call(
    "search_ok",
    "GET",
    "/traces",
    params={"experiment_ids": [experiment_id], "filter": "attributes.status = 'OK' AND tags.`mlflow.traceName` = 'qa_chain'", "max_results": 1, "order_by": ["timestamp_ms DESC"]},
)
call(
    "search_ok_page_2",
    "GET",
    "/traces",
    params={"experiment_ids": [experiment_id], "filter": "attributes.status = 'OK' AND tags.`mlflow.traceName` = 'qa_chain'", "max_results": 1, "order_by": ["timestamp_ms DESC"], "page_token": page.get("next_page_token")},
)
# mlflow.search_traces then downloads each trace's data from its artifact location.
first = page["traces"][0]
first_location = next(tag["value"] for tag in first["tags"] if tag["key"] == "mlflow.artifactLocation")
call("download", "GET", artifact_url(first_location, "traces.json"))
call("ui_download", "GET", f"{base}/ajax-api/2.0/mlflow/get-trace-artifact", params={"request_id": first["request_id"]})
call("set_tag", "PATCH", f"/traces/{request_ids[1]}/tags", json={"key": "triage", "value": "done"})
call("search_tag", "GET", "/traces", params={"experiment_ids": [experiment_id], "filter": "tags.triage = 'done'"})
call("bad_filter", "GET", "/traces", params={"experiment_ids": [experiment_id], "filter": "attributes.colour = 'red'"})
call("delete", "POST", "/traces/delete-traces", json={"experiment_id": experiment_id, "max_timestamp_millis": start_ms + 1, "max_traces": 5})
call("search_after_delete", "GET", "/traces", params={"experiment_ids": [experiment_id]})
# MLflow 3.x: StartTraceV3 once the trace has ended, then SearchTracesV3 by location.
v3 = f"{base}/api/3.0/mlflow/traces"
trace_id = "tr-" + "ab" * 16
call(
    "v3_start",
    "POST",
    v3,
    json={
        "trace": {
            "trace_info": {
                "trace_id": trace_id,
                "trace_location": {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}},
                "request_time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start_ms / 1000 + 60)) + ".250Z",
                "execution_duration": "0.042s",
                "state": "OK",
                "request_preview": json.dumps({"question": "v3"}),
                "trace_metadata": {"mlflow.trace_schema.version": "3"},
                "tags": {"mlflow.traceName": "qa_chain"},
            }
        }
    },
)
call("v3_get", "GET", f"{v3}/{trace_id}")
call(
    "v3_search",
    "POST",
    f"{v3}/search",
    json={"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}}], "filter": "attributes.execution_time_ms < 50", "max_results": 10},
)
print(json.dumps({"request_ids": request_ids, "steps": seen}))
