import { describe, expect, it } from 'vitest';
import { allOptionalColumns, defaultColumns, effectiveColumns, groupColumns, isSavedColumnLayout, moveColumn, shiftColumn } from './column-layout';

const keys = { metrics: ['acc', 'loss'], params: ['lr'], tags: ['team'] };

describe('column layout', () => {
  it('defaults to fixed columns, metrics and params (tags optional)', () => {
    const columns = defaultColumns(keys);
    expect(columns).toContain('status');
    expect(columns).not.toContain('name');
    expect(columns.slice(0, 3)).toEqual(['metrics.acc', 'metrics.loss', 'params.lr']);
    expect(allOptionalColumns(keys)).toContain('tags.team');
  });

  it('keeps groups contiguous and drops unknown or duplicate ids', () => {
    expect(groupColumns(['params.lr', 'metrics.acc', 'user', 'bogus', 'metrics.acc', 'tags.t', 'status'])).toEqual(['metrics.acc', 'params.lr', 'user', 'status', 'tags.t']);
  });

  it('opens with metrics and params before the run attributes', () => {
    const columns = effectiveColumns({ columns: null, pinned: [], collapsed: [] }, keys);
    expect(columns.slice(0, 3)).toEqual(['metrics.acc', 'metrics.loss', 'params.lr']);
    expect(columns.indexOf('status')).toBeGreaterThan(columns.indexOf('params.lr'));
  });

  it('uses an explicit choice, grouped', () => {
    expect(effectiveColumns({ columns: ['status', 'metrics.loss'], pinned: [], collapsed: [] }, keys)).toEqual(['metrics.loss', 'status']);
    expect(effectiveColumns({ columns: null, pinned: [], collapsed: [] }, keys)).toEqual(defaultColumns(keys));
  });

  it('moves columns within a group only', () => {
    const columns = ['status', 'user', 'metrics.a', 'metrics.b', 'metrics.c'];
    expect(moveColumn(columns, 'metrics.a', 'metrics.c')).toEqual(['status', 'user', 'metrics.b', 'metrics.c', 'metrics.a']);
    expect(moveColumn(columns, 'metrics.c', 'metrics.a')).toEqual(['status', 'user', 'metrics.c', 'metrics.a', 'metrics.b']);
    expect(moveColumn(columns, 'metrics.a', 'user')).toEqual(columns);
    expect(shiftColumn(columns, 'metrics.b', -1)).toEqual(['status', 'user', 'metrics.b', 'metrics.a', 'metrics.c']);
    expect(shiftColumn(columns, 'metrics.a', -1)).toEqual(columns);
    expect(shiftColumn(columns, 'metrics.c', 1)).toEqual(columns);
  });

  it('validates saved layouts', () => {
    expect(isSavedColumnLayout({ columns: null, pinned: [], collapsed: [], widths: { a: 10 } })).toBe(true);
    expect(isSavedColumnLayout({ columns: [1], pinned: [], collapsed: [], widths: {} })).toBe(false);
    expect(isSavedColumnLayout(null)).toBe(false);
  });
});
