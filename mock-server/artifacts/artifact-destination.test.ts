import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactDestinationError, parseArtifactsDestination, parseDefaultArtifactRoot } from './artifact-destination.js';
import { parseS3Uri, s3ClientConfigFromEnv } from './s3-artifact-store.js';

describe('parseArtifactsDestination', () => {
  it('takes paths and file: URIs as local folders', () => {
    expect(parseArtifactsDestination('./mlartifacts')).toEqual({ kind: 'local', folder: resolve('mlartifacts') });
    expect(parseArtifactsDestination('/srv/artifacts')).toEqual({ kind: 'local', folder: '/srv/artifacts' });
    expect(parseArtifactsDestination('file:///srv/artifacts')).toEqual({ kind: 'local', folder: '/srv/artifacts' });
  });

  it('reads s3://bucket/prefix, trimming slashes', () => {
    expect(parseArtifactsDestination('s3://team-mlflow/artifacts/prod/')).toEqual({
      kind: 's3',
      bucket: 'team-mlflow',
      prefix: 'artifacts/prod',
    });
    expect(parseArtifactsDestination('s3://team-mlflow')).toEqual({ kind: 's3', bucket: 'team-mlflow', prefix: '' });
    expect(parseS3Uri('/local')).toBeUndefined();
  });

  it('refuses schemes it cannot serve and malformed S3 URIs', () => {
    for (const uri of [
      'gs://bucket/x',
      'wasbs://c@a.blob.core.windows.net/x',
      'hdfs://nn/x',
      'http://host/x',
      's3://',
      's3:///prefix',
      's3://UPPER/x',
      's3://a/x',
    ]) {
      expect(() => parseArtifactsDestination(uri), uri).toThrow(ArtifactDestinationError);
    }
  });
});

describe('s3ClientConfigFromEnv', () => {
  it('uses path-style addressing only with an endpoint URL, and the region from AWS_DEFAULT_REGION', () => {
    expect(s3ClientConfigFromEnv({ MLFLOW_S3_ENDPOINT_URL: 'http://minio:9000', AWS_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      region: 'eu-west-1',
    });
    const aws = s3ClientConfigFromEnv({});
    expect(aws).toMatchObject({ region: 'us-east-1' });
    expect(aws).not.toHaveProperty('endpoint');
    expect(aws).not.toHaveProperty('forcePathStyle');
  });
});

describe('parseDefaultArtifactRoot', () => {
  it('keeps mlflow-artifacts: roots proxied and URIs with a scheme as given', () => {
    expect(parseDefaultArtifactRoot('mlflow-artifacts:/')).toEqual({ kind: 'proxied', uri: 'mlflow-artifacts:/' });
    expect(parseDefaultArtifactRoot('file:///srv/shared/')).toEqual({
      kind: 'direct',
      uri: 'file:///srv/shared/',
      destination: { kind: 'local', folder: '/srv/shared/' },
    });
    expect(parseDefaultArtifactRoot('s3://team-mlflow/runs')).toEqual({
      kind: 'direct',
      uri: 's3://team-mlflow/runs',
      destination: { kind: 's3', bucket: 'team-mlflow', prefix: 'runs' },
    });
  });

  it('makes a relative path absolute, as MLflow stores it', () => {
    expect(parseDefaultArtifactRoot('./mlruns')).toEqual({
      kind: 'direct',
      uri: resolve('mlruns'),
      destination: { kind: 'local', folder: resolve('mlruns') },
    });
  });

  it('refuses roots this server could not read', () => {
    expect(() => parseDefaultArtifactRoot('gs://bucket/x')).toThrow(ArtifactDestinationError);
    expect(() => parseDefaultArtifactRoot('s3://')).toThrow(ArtifactDestinationError);
  });
});
