// Test fixture shared by the MLmodel parser tests.

// Written by PyYAML 6 `safe_dump(..., default_flow_style=False)`, as MLflow writes MLmodel files.
export const PYYAML_MLMODEL = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.10.12
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.3.0
metadata:
  empty_list: []
  empty_map: {}
  multi: 'line one

    line two

    '
  nested_list:
  - a: 1
    b: two
  - - 1
    - 2
  - 'x: y'
  note: A fairly long description that PyYAML will wrap over several lines because
    the default width is eighty characters wide
  number_string: '3.10'
  special: "\\"quoted\\" and \\\\ backslash and\\ttab"
  yes_string: 'yes'
mlflow_version: 2.17.2
model_size_bytes: 8123
model_uuid: 3b2f0c1e9a7d4f6b8c5e2d1a0f9b8c7d
run_id: 0123456789abcdef0123456789abcdef
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  serving_input_path: serving_input_example.json
  type: dataframe
signature:
  inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type":
    "double", "name": "sepal width (cm)", "required": true}, {"type": "string", "name":
    "it''s quoted", "required": false}, {"type": "array", "items": {"type": "string"},
    "name": "tokens", "required": true}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1,
    3]}}]'
  params: '[{"name": "temperature", "type": "double", "default": 0.5, "shape": null}]'
utc_time_created: '2024-10-01 12:34:56.789012'
`;
