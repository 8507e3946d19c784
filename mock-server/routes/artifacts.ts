// Artifact endpoints: the mlflow-artifacts proxy used by the Python client, run artifact listing,
// and the UI's download / upload routes. Bodies stream to and from disk; nothing is buffered whole.
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { artifactPathFromUrl, safeArtifactPath } from '../artifacts/artifact-path.js';
import { MlflowError } from '../errors.js';
import { missingValue, type RequestInput } from '../http/request-input.js';
import type { Endpoint } from '../http/router.js';
import * as artifacts from '../services/artifacts.js';
import type { ServerContext } from '../services/server-context.js';

const TOKEN_FILENAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `attachment; filename=...` as Werkzeug writes it: bare when possible, quoted, or RFC 5987 for non-ASCII. */
export function contentDisposition(fileName: string): string {
  if (TOKEN_FILENAME.test(fileName)) return `attachment; filename=${fileName}`;
  if (/^[\x20-\x7e]*$/.test(fileName)) return `attachment; filename="${fileName.replace(/["\\]/g, '\\$&')}"`;
  const fallback =
    fileName
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendDownload(reply: FastifyReply, download: artifacts.ArtifactDownload): FastifyReply {
  return reply
    .code(200)
    .header('content-type', download.mimeType)
    .header('content-length', String(download.size))
    .header('content-disposition', contentDisposition(download.fileName))
    .header('x-content-type-options', 'nosniff')
    .send(download.stream);
}

function bodyStream(request: FastifyRequest): Readable | undefined {
  const body: unknown = request.body;
  if (body && typeof body === 'object' && typeof (body as Readable).pipe === 'function') return body as Readable;
  return undefined;
}

function contentLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

/** `run_id`, else the deprecated `run_uuid` (the Python client sends both). */
function runIdOf(input: RequestInput): string {
  const runId = input.string('run_id') || input.string('run_uuid');
  if (!runId) throw missingValue('run_id');
  return runId;
}

/**
 * With `--no-serve-artifacts` MLflow's proxy routes answer 503 and name their rule; clients write
 * to the artifact root themselves. The reply keeps MLflow's status and words in our error shape.
 */
function servedOnly(context: ServerContext, endpoint: Endpoint): Endpoint {
  if (context.serveArtifacts !== false) return endpoint;
  const rule = `/api/2.0${endpoint.path.replace(/\/\*$/, '/<path:artifact_path>')}`;
  return {
    ...endpoint,
    handler: () => {
      throw new MlflowError(
        'TEMPORARILY_UNAVAILABLE',
        `Endpoint: ${rule} disabled due to the mlflow server running with \`--no-serve-artifacts\`. To enable artifacts server functionality, run \`mlflow server\` with \`--serve-artifacts\``,
        503,
      );
    },
  };
}

function multipartNotSupported(): never {
  throw new MlflowError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository');
}

export function artifactEndpoints(context: ServerContext): Endpoint[] {
  return [...proxyEndpoints(context).map((endpoint) => servedOnly(context, endpoint)), ...runArtifactEndpoints(context)];
}

function proxyEndpoints(context: ServerContext): Endpoint[] {
  return [
    // --- mlflow-artifacts proxy (the Python client's log_artifact / download_artifacts) ---
    {
      method: 'PUT',
      path: '/mlflow-artifacts/artifacts/*',
      rawBody: true,
      handler: async ({ request, pathParams }) => {
        await artifacts.proxyUpload(context, artifactPathFromUrl(pathParams['*'] ?? ''), bodyStream(request));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/mlflow-artifacts/artifacts/*',
      handler: async ({ reply, pathParams }) =>
        sendDownload(reply, await artifacts.openArtifact(context, artifactPathFromUrl(pathParams['*'] ?? ''))),
    },
    {
      method: 'DELETE',
      path: '/mlflow-artifacts/artifacts/*',
      handler: async ({ pathParams }) => {
        await artifacts.proxyDelete(context, artifactPathFromUrl(pathParams['*'] ?? ''));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/mlflow-artifacts/artifacts',
      handler: async ({ input }) => {
        const path = input.string('path');
        return artifacts.proxyList(context, path === undefined ? '' : safeArtifactPath(path));
      },
    },
    { method: 'POST', path: '/mlflow-artifacts/mpu/create/*', handler: multipartNotSupported },
    { method: 'POST', path: '/mlflow-artifacts/mpu/complete/*', handler: multipartNotSupported },
    { method: 'POST', path: '/mlflow-artifacts/mpu/abort/*', handler: multipartNotSupported },
  ];
}

function runArtifactEndpoints(context: ServerContext): Endpoint[] {
  return [
    // --- run artifacts ---
    {
      method: 'GET',
      path: '/mlflow/artifacts/list',
      handler: async ({ input }) => {
        const path = input.string('path');
        const runId = runIdOf(input);
        return artifacts.listRunArtifacts(context, runId, path);
      },
    },
    {
      method: 'GET',
      path: '/get-artifact',
      absolute: true,
      handler: async ({ input, reply }) => {
        const path = input.requiredString('path');
        const runId = runIdOf(input);
        return sendDownload(reply, await artifacts.openRunArtifact(context, runId, path));
      },
    },
    {
      method: 'POST',
      path: '/mlflow/upload-artifact',
      ajaxOnly: true,
      rawBody: true,
      handler: async ({ input, request, reply }) => {
        await artifacts.uploadRunArtifact(context, {
          runId: input.string('run_uuid') || input.string('run_id'),
          path: input.string('path'),
          contentLength: contentLength(request),
          body: bodyStream(request),
        });
        // MLflow answers with an empty body here.
        return reply.code(200).header('content-type', 'application/json').send('');
      },
    },
  ];
}
