// The bare peer: a node:http server that answers each route with the stub's own recorded answer
// (status, headers, body: BENCH_ROUTES, a JSON array of BareRoute) and does nothing else, run as
// its own process like the stub. A route with a `replay` answer sends it when a request repeats the
// previous request's Idempotency-Key on the same connection (the load generator replays a key on
// the connection that created it), otherwise `first`: the same bytes the stub sends for a create
// and for its replays, with no state beyond one string per connection. Anything else: 404.
// Environment: HOST (loopback), PORT, BENCH_ROUTES.
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { BareRoute, RecordedAnswer } from './servers.js';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('bare-server: PORT must be a port number\n');
  process.exit(2);
}
const routes = JSON.parse(process.env.BENCH_ROUTES || '[]') as BareRoute[];

interface Prepared {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}
const prepare = (a: RecordedAnswer): Prepared => {
  const body = Buffer.from(a.body);
  return { status: a.status, headers: { ...a.headers, 'content-length': body.length }, body };
};
const table = new Map(
  routes.map((r) => [`${r.method} ${r.path}`, { first: prepare(r.first), replay: r.replay ? prepare(r.replay) : undefined }]),
);
const lastKey = new WeakMap<Socket, string>();

const server = createServer((req, res) => {
  // Drain a request body, if any, before answering (the stub reads bodies too).
  req.resume();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const route = table.get(`${req.method} ${q < 0 ? url : url.slice(0, q)}`);
  if (!route) {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return;
  }
  let answer = route.first;
  if (route.replay) {
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') {
      if (lastKey.get(req.socket) === key) answer = route.replay;
      else lastKey.set(req.socket, key);
    }
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
});
server.listen(port, host, () => process.stdout.write(`listening on http://${host}:${port}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
