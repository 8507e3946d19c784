// Runs s3rver (a local S3-compatible server) for the tests and benchmarks: prints its port once
// listening and stops on SIGTERM. It runs in its own Node process because s3rver signs its
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 offers only with
// --openssl-legacy-provider; a separate process also keeps its memory out of the server's RSS.
// Usage: node --openssl-legacy-provider run-s3rver.mjs <directory> <bucket>
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: run-s3rver.mjs <directory> <bucket>');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
const { port } = await server.run();
process.stdout.write(`s3rver listening on ${port}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
