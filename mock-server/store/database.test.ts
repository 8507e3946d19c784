// Backend store URIs as MLflow users write them; anything the server cannot serve is refused.
import { describe, expect, it } from 'vitest';
import { parseBackendStoreUri, redactUri } from './database.js';

describe('parseBackendStoreUri', () => {
  it('reads SQLite URIs like SQLAlchemy: three slashes relative, four absolute, :memory:', () => {
    expect(parseBackendStoreUri('sqlite:///mlruns.db')).toEqual({ kind: 'sqlite', path: 'mlruns.db' });
    expect(parseBackendStoreUri('sqlite:////srv/mlflow/store.db')).toEqual({ kind: 'sqlite', path: '/srv/mlflow/store.db' });
    expect(parseBackendStoreUri('sqlite:///:memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseBackendStoreUri('./local.db')).toEqual({ kind: 'sqlite', path: './local.db' });
  });

  it('reads PostgreSQL URIs with or without a SQLAlchemy driver', () => {
    for (const uri of [
      'postgresql://u:p@db.example:5433/mlflow',
      'postgresql+psycopg2://u:p@db.example:5433/mlflow',
      'postgres://u:p@db.example:5433/mlflow',
    ]) {
      expect(parseBackendStoreUri(uri)).toEqual({ kind: 'postgres', connectionString: 'postgresql://u:p@db.example:5433/mlflow' });
    }
  });

  it('refuses unknown schemes, unknown drivers and PostgreSQL URIs without a database', () => {
    expect(() => parseBackendStoreUri('mysql://u@db/mlflow')).toThrow(/Unsupported backend store URI scheme 'mysql:\/\/'/);
    expect(() => parseBackendStoreUri('s3://bucket/store')).toThrow(/Unsupported backend store URI scheme/);
    expect(() => parseBackendStoreUri('postgresql+mystery://u@db/mlflow')).toThrow(/Unsupported PostgreSQL driver 'mystery'/);
    expect(() => parseBackendStoreUri('postgresql://u:secret@db:5432')).toThrow(/names no database/);
    expect(() => parseBackendStoreUri('postgresql://u:secret@db:5432')).not.toThrow(/secret/);
  });

  it('hides the password in messages', () => {
    expect(redactUri('postgresql://runboard:s3cret@db:5432/mlflow')).toBe('postgresql://runboard:***@db:5432/mlflow');
    expect(redactUri('sqlite:///mlruns.db')).toBe('sqlite:///mlruns.db');
  });
});
