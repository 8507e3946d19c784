// YAML for artifact previews and MLmodel files, read with the `yaml` library (YAML 1.2 core
// schema, as PyYAML's output needs). Errors become YamlError so callers can fall back to text.
import { parse } from 'yaml';

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlError';
  }
}

export function parseYaml(source: string): YamlValue {
  try {
    // A low alias budget keeps "billion laughs" documents from exhausting the tab.
    return (parse(source, { maxAliasCount: 100, prettyErrors: true }) ?? null) as YamlValue;
  } catch (error) {
    throw new YamlError(error instanceof Error ? error.message : String(error));
  }
}
