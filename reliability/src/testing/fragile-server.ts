// A tiny node:http server that is sound (every error a problem+json, timeouts set, an answer for
// every complete request) except for the one bug FRAGILE_BUG names, so that a hostile run against
// it must report exactly that bug and nothing else (fragile.slow.test.ts):
//   nul      a NUL byte in the URL (%00) or the body → 500
//   deep     a JSON body nested deeper than the stack → a recursive walk outside any try → crash
//   plain    a body that is not JSON → 400 text/plain
//   slow     no header, request or keep-alive timeouts → slow clients hold sockets forever
//   pollute  bodies deep-merged into a settings object → Object.prototype polluted
//   none     no bug
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export const BUGS = ['none', 'nul', 'deep', 'plain', 'slow', 'pollute'] as const;
export type Bug = (typeof BUGS)[number];

const bug = (process.env.FRAGILE_BUG ?? 'none') as Bug;
if (!BUGS.includes(bug)) {
  process.stderr.write(`fragile-server: FRAGILE_BUG=${bug} is not one of ${BUGS.join(', ')}\n`);
  process.exit(2);
}
const adminKey = process.env.FRAGILE_ADMIN_KEY ?? '';
let served = 0;

function problem(status: number, detail: string) {
  const requestId = `req_${String(++served).padStart(16, '0')}`;
  return JSON.stringify({ type: 'about:blank', title: 'Error', status, detail, code: 'MALFORMED_REQUEST', request_id: requestId });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  // The pollute bug shows here: a polluted prototype hands every answer `options.headers`.
  const options: { headers?: Record<string, string> } = {};
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...(options.headers ?? {}) });
  res.end(body);
}

const fail = (res: ServerResponse, status: number, detail: string) =>
  send(res, status, problem(status, detail), 'application/problem+json');

function merge(target: Record<string, unknown>, source: Record<string, unknown>) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value && typeof value === 'object') {
      target[key] ??= {};
      merge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else target[key] = value;
  }
}

function depth(value: unknown): number {
  if (value && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= 2 * 1024 * 1024) chunks.push(c);
  });
  req.on('error', () => undefined);
  req.on('end', () => {
    if (size > 2 * 1024 * 1024) return fail(res, 413, 'too large');
    const body = Buffer.concat(chunks);
    if (req.httpVersion === '1.1' && req.headers.host === undefined) return fail(res, 400, 'no Host');
    if (bug === 'nul' && (/%00/.test(req.url ?? '') || body.includes(0))) return fail(res, 500, 'NUL');
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${adminKey}` && req.headers['x-api-key'] !== adminKey) return fail(res, 401, 'no key');
    if (body.length === 0) return send(res, 200, '{"object":"account"}');
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return bug === 'plain' ? send(res, 400, 'bad json', 'text/plain') : fail(res, 400, 'bad json');
    }
    if (bug === 'deep') depth(value); // unguarded recursion: a RangeError here kills the process
    if (bug === 'pollute' && value && typeof value === 'object') {
      try {
        merge({}, value as Record<string, unknown>);
      } catch {
        // Object.prototype's own prototype cannot be set; everything before that has landed.
      }
    }
    send(res, 200, '{"ok":true}');
  });
}

const server = createServer(
  bug === 'slow'
    ? { headersTimeout: 0, requestTimeout: 0, keepAliveTimeout: 0, requireHostHeader: false }
    : { headersTimeout: 1_000, requestTimeout: 2_000, keepAliveTimeout: 1_000, connectionsCheckingInterval: 250, requireHostHeader: false },
  handle,
);
server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
  if (!socket.writable) return void socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = problem(status, err.code ?? 'bad request');
  socket.end(
    `HTTP/1.1 ${status} X\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});
server.on('checkExpectation', (_req, res: ServerResponse) => fail(res, 417, 'expectation'));
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
