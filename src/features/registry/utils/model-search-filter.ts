// The models list search box: plain text searches names (`name ILIKE '%text%'`); text that looks
// like a filter (`tags.team = 'nlp'`, `name LIKE 'bert%'`) is checked and sent as it is.
import { FilterSyntaxError, parseFilter, quoteString } from '../../../lib/mlflow/filter';

export type ModelSearch =
  | { kind: 'all'; filter: undefined }
  | { kind: 'name'; filter: string }
  | { kind: 'filter'; filter: string }
  | { kind: 'invalid'; filter: undefined; message: string; position: number; length: number };

const FILTER_START = /^\s*(tags?\s*\.|attribute\s*\.|[`"]?name[`"]?\s*(=|!=|\s(i?like)\s))/i;

export function looksLikeFilter(text: string): boolean {
  return FILTER_START.test(text);
}

export function buildModelSearch(text: string): ModelSearch {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'all', filter: undefined };
  if (!looksLikeFilter(trimmed)) return { kind: 'name', filter: `name ILIKE ${quoteString(`%${trimmed}%`)}` };
  try {
    parseFilter(trimmed, 'registered_models');
    return { kind: 'filter', filter: trimmed };
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      const offset = text.indexOf(trimmed);
      return { kind: 'invalid', filter: undefined, message: error.message, position: error.position + offset, length: error.length };
    }
    throw error;
  }
}
