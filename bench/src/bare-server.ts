// The bare peer: a node:http server that answers every request with one constant JSON body (the
// stub's own answer, passed in BENCH_BODY) and nothing else, run as its own process like the stub.
// Environment: HOST (loopback), PORT, BENCH_BODY.
import { createServer } from 'node:http';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT);
const body = Buffer.from(process.env.BENCH_BODY || '{}');
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('bare-server: PORT must be a port number\n');
  process.exit(2);
}

const server = createServer((req, res) => {
  // Drain a request body, if any, before answering (the stub reads bodies too).
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
});
server.listen(port, host, () => process.stdout.write(`listening on http://${host}:${port}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
