// A stand-in server for checking the harness itself: it answers the exchanges of one golden file,
// in order, with their recorded responses (placeholders filled with made-up but consistent
// values) and records every way the requests it receives differ from what the README says to
// send. A correct harness replays every file against it without a failure or a problem.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Exchange, GoldenFile, Json } from './golden-replay.js';

const PLACEHOLDER = /<(uniq|ts|artifacts_destination|backend_store_uri|(?:exp_id|run_id|run_name|page_token):\d+)>/g;
const FAKE_TS = 1700000000123;
const textOf = (body: Json): string => (typeof body === 'string' ? body : '');

export interface EchoServer {
  baseUrl: string;
  /** Serve this file's exchanges from the next request on. */
  serve(file: GoldenFile, fileIndex: number): void;
  /** Differences between the requests received and the golden requests. */
  problems: string[];
  close(): Promise<void>;
}

function fakeValue(inner: string, fileIndex: number, uniq: string): string {
  const [kind = '', n = '0'] = inner.split(':');
  const id = fileIndex * 1000 + Number(n);
  switch (kind) {
    case 'uniq':
      return uniq;
    case 'exp_id':
      return String(id);
    case 'run_id':
      return id.toString(16).padStart(32, 'a');
    case 'run_name':
      return `brave-fox-${id}`;
    case 'page_token':
      return `token-${id}==`;
    case 'ts':
      return String(FAKE_TS);
    default:
      return '/srv/somewhere';
  }
}

export async function startEchoServer(uniq: string): Promise<EchoServer> {
  const problems: string[] = [];
  let file: GoldenFile | undefined;
  let fileIndex = 0;
  let next = 0;

  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_m, inner: string) => fakeValue(inner, fileIndex, uniq));
  const fillJson = (value: Json): Json => {
    if (typeof value === 'string') return value === '<ts>' ? FAKE_TS : fill(value);
    if (Array.isArray(value)) return value.map(fillJson);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [fill(key), fillJson(item)]));
    }
    return value;
  };

  function check(exchange: Exchange, request: http.IncomingMessage, body: Buffer): void {
    const where = `${file?.name ?? '?'} #${exchange.seq}`;
    const golden = exchange.request;
    const [path = '', query = ''] = (request.url ?? '').split(/\?(.*)/s);
    if (request.method !== golden.method) problems.push(`${where}: method ${request.method ?? ''}`);
    if (path !== fill(golden.path)) problems.push(`${where}: path ${path}, expected ${fill(golden.path)}`);
    const pairs = JSON.stringify([...new URLSearchParams(query)]);
    const wantPairs = JSON.stringify(golden.query.map(([name, value]) => [fill(name), fill(value)]));
    if (pairs !== wantPairs) problems.push(`${where}: query ${pairs}, expected ${wantPairs}`);
    const contentType = golden.headers?.['Content-Type'];
    if (request.headers['content-type'] !== contentType) {
      problems.push(
        `${where}: content type ${String(request.headers['content-type'])}, expected ${String(contentType)}`,
      );
    }
    let want: Buffer;
    if (golden.body_kind === 'json') want = Buffer.from(JSON.stringify(fillJson(golden.body)));
    else if (golden.body_kind === 'text') want = Buffer.from(fill(textOf(golden.body)));
    else if (golden.body_kind === 'base64') want = Buffer.from(textOf(golden.body), 'base64');
    else want = Buffer.alloc(0);
    if (!body.equals(want)) problems.push(`${where}: body ${body.toString()}, expected ${want.toString()}`);
    const needsLength = golden.body_kind !== 'none' || ['POST', 'PUT', 'PATCH', 'DELETE'].includes(golden.method);
    if (needsLength && request.headers['content-length'] !== String(want.length)) {
      problems.push(`${where}: content-length ${String(request.headers['content-length'])}, expected ${want.length}`);
    }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const exchange = file?.exchanges[next];
      next += 1;
      if (exchange === undefined) {
        problems.push(`unexpected request ${request.method ?? ''} ${request.url ?? ''}`);
        response.statusCode = 599;
        response.end();
        return;
      }
      check(exchange, request, Buffer.concat(chunks));
      const recorded = exchange.response;
      response.statusCode = recorded.status;
      response.setHeader('Content-Type', recorded.content_type);
      const disposition = recorded.headers?.['Content-Disposition'];
      if (disposition !== undefined) response.setHeader('Content-Disposition', disposition);
      if (recorded.body_kind === 'json') response.end(JSON.stringify(fillJson(recorded.body)));
      else if (recorded.body_kind === 'text') response.end(fill(textOf(recorded.body)));
      else if (recorded.body_kind === 'base64') response.end(Buffer.from(textOf(recorded.body), 'base64'));
      else if (recorded.body_kind === 'html') response.end(`<title>${recorded.body_summary ?? ''}</title>`);
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve(nextFile, index) {
      file = nextFile;
      fileIndex = index;
      next = 0;
    },
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
