import { describe, expect, it } from 'vitest';
import { parseYaml, YamlError } from './yaml';
import { PYYAML_MLMODEL } from './mlmodel-fixture';


describe('parseYaml on an MLmodel file', () => {
  const parsed = parseYaml(PYYAML_MLMODEL) as Record<string, unknown>;

  it('reads nested block mappings and typed plain scalars', () => {
    expect(parsed.artifact_path).toBe('model');
    expect(parsed.mlflow_version).toBe('2.17.2');
    expect(parsed.model_size_bytes).toBe(8123);
    expect(parsed.flavors).toEqual({
      python_function: {
        env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
        loader_module: 'mlflow.sklearn',
        model_path: 'model.pkl',
        predict_fn: 'predict',
        python_version: '3.10.12',
      },
      sklearn: { code: null, pickled_model: 'model.pkl', serialization_format: 'cloudpickle', sklearn_version: '1.3.0' },
    });
    expect(parsed.utc_time_created).toBe('2024-10-01 12:34:56.789012');
  });

  it('unfolds single-quoted scalars wrapped over several lines', () => {
    const signature = parsed.signature as Record<string, string>;
    const inputs = JSON.parse(signature.inputs ?? '') as { name: string }[];
    expect(inputs.map((column) => column.name)).toEqual(['sepal length (cm)', 'sepal width (cm)', "it's quoted", 'tokens']);
    expect(JSON.parse(signature.outputs ?? '')).toEqual([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 3] } }]);
    expect(JSON.parse(signature.params ?? '')).toEqual([{ name: 'temperature', type: 'double', default: 0.5, shape: null }]);
  });

  it('reads flow collections, sequences, quoted keys and multi-line strings', () => {
    const metadata = parsed.metadata as Record<string, unknown>;
    expect(metadata.empty_list).toEqual([]);
    expect(metadata.empty_map).toEqual({});
    expect(metadata.multi).toBe('line one\nline two\n');
    expect(metadata.nested_list).toEqual([{ a: 1, b: 'two' }, [1, 2], 'x: y']);
    expect(metadata.note).toBe('A fairly long description that PyYAML will wrap over several lines because the default width is eighty characters wide');
    expect(metadata.number_string).toBe('3.10');
    expect(metadata.special).toBe('"quoted" and \\ backslash and\ttab');
    expect(metadata.yes_string).toBe('yes');
  });
});

describe('parseYaml details', () => {
  it('joins double-quoted lines at an escaped line break and decodes \\x escapes', () => {
    const text = 'long_dq: "tab\\there and a long long\\\n  \\ long text with \\xFCn\\xEFcode \\xE9"\n';
    expect(parseYaml(text)).toEqual({ long_dq: 'tab\there and a long long long text with ünïcode é' });
  });

  it('reads literal and folded block scalars with chomping', () => {
    const text = ['a: |', '  one', '    two', '  three', '', 'b: >-', '  folded', '  text', '', '  next', 'c: |+', '  keep', '', 'd: x'].join('\n');
    expect(parseYaml(text)).toEqual({ a: 'one\n  two\nthree\n', b: 'folded text\nnext', c: 'keep\n\n', d: 'x' });
  });

  it('reads sequences written at the key indentation and inside mappings', () => {
    const text = ['channels:', '- conda-forge', 'dependencies:', '- python=3.11.9', '- pip:', '  - mlflow==2.17.2', '  - torch', 'name: mlflow-env'].join('\n');
    expect(parseYaml(text)).toEqual({
      channels: ['conda-forge'],
      dependencies: ['python=3.11.9', { pip: ['mlflow==2.17.2', 'torch'] }],
      name: 'mlflow-env',
    });
  });

  it('handles comments, document markers, nulls, booleans and numbers', () => {
    const text = ['# comment', '---', 'a: 1 # trailing', 'b: ~', 'c:', 'd: true', 'e: -2.5e3', 'f: .inf', "g: 'a # not a comment'", 'h: a#b', 'i: {x: [1, two], y: "z"}'].join('\n');
    expect(parseYaml(text)).toEqual({ a: 1, b: null, c: null, d: true, e: -2500, f: Infinity, g: 'a # not a comment', h: 'a#b', i: { x: [1, 'two'], y: 'z' } });
  });

  it('returns null for an empty document and a scalar for a scalar document', () => {
    expect(parseYaml('')).toBeNull();
    expect(parseYaml('# nothing\n')).toBeNull();
    expect(parseYaml('hello world')).toBe('hello world');
  });

  it('reads the flavors: {} of a minimal MLmodel', () => {
    expect(parseYaml('artifact_path: model\nflavors: {}\n')).toEqual({ artifact_path: 'model', flavors: {} });
  });

  it('refuses broken documents with a YamlError naming the line', () => {
    expect(() => parseYaml('a: 1\n   b: 2')).toThrow(YamlError);
    expect(() => parseYaml("a: 'unterminated")).toThrow(/line 1/);
    expect(() => parseYaml('a: [1, 2')).toThrow(YamlError);
    expect(() => parseYaml('a: *ref')).toThrow(YamlError);
  });
});
