// A proxy in front of ANY conforming implementation that breaks exactly one thing (a Fault): it
// rewrites a request or a response, re-sends a request with another key, or hangs or resets the
// connection. The runner pointed at the proxy must fail exactly the check that guards that thing.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxyRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FaultContext {
  adminKey: string;
  otherKey: string;
  /** Anything a fault remembers across requests (secrets it saw minted, keys revoked …). */
  memory: Map<string, unknown>;
  /** Sends a request to the implementation as is (for faults that retry with another key). */
  forward(req: ProxyRequest): Promise<ProxyResponse>;
}

export interface Fault {
  id: string;
  /** What the broken implementation does wrong, in one line. */
  description: string;
  /** Rewrites the request, or takes the connection over. */
  request?(req: ProxyRequest, ctx: FaultContext): ProxyRequest | 'hang' | 'reset' | void;
  /** Rewrites the response (may send other requests through ctx.forward first). */
  response?(res: ProxyResponse, req: ProxyRequest, ctx: FaultContext): Promise<ProxyResponse | void> | ProxyResponse | void;
}

/** A fault, the cases to run against it (--only) and the checks allowed to catch it. */
export interface FaultCase {
  fault: Fault;
  area: 'security' | 'limits' | 'idempotency' | 'schemas' | 'headers' | 'status codes' | 'transport' | 'stateful' | 'tenancy' | 'generated';
  only: string;
  /** Checks that catch the fault: the first must fail, no other check may. */
  caughtBy: string[];
  timeoutMs?: number;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade', 'proxy-connection']);

function collect(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function flat(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function forwarder(upstream: string): (req: ProxyRequest) => Promise<ProxyResponse> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  return (req) =>
    new Promise((resolve, reject) => {
      const out = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...req.headers, host: target.host, 'content-length': String(req.body.length) },
        },
        async (res) => {
          try {
            resolve({ status: res.statusCode ?? 502, headers: flat(res.headers), body: await collect(res) });
          } catch (err) {
            reject(err);
          }
        },
      );
      out.on('error', reject);
      out.end(req.body);
    });
}

export interface FaultProxy {
  url: string;
  close(): Promise<void>;
}

export async function startFaultProxy(
  upstream: string,
  fault: Fault | undefined,
  keys: { adminKey: string; otherKey: string },
): Promise<FaultProxy> {
  const forward = forwarder(upstream);
  const ctx: FaultContext = { ...keys, memory: new Map(), forward };
  const sockets = new Set<Socket>();
  const server = http.createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    try {
      let req: ProxyRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: flat(incoming.headers),
        body: await collect(incoming),
      };
      const rewritten = fault?.request?.(req, ctx);
      if (rewritten === 'hang') return; // the socket stays open until the client gives up
      if (rewritten === 'reset') {
        incoming.socket.destroy();
        return;
      }
      if (rewritten) req = rewritten;
      let res = await forward(req);
      res = (await fault?.response?.(res, req, ctx)) ?? res;
      if (res.headers['transfer-encoding'] === 'chunked') {
        // Node frames the body itself: no Content-Length, the body in two chunks.
        const { 'transfer-encoding': _chunked, ...headers } = res.headers;
        outgoing.writeHead(res.status, headers);
        outgoing.write(res.body.subarray(0, res.body.length >> 1));
        outgoing.end(res.body.subarray(res.body.length >> 1));
        return;
      }
      outgoing.writeHead(res.status, { ...res.headers, 'content-length': String(res.body.length) });
      outgoing.end(res.body);
    } catch (err) {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`fault proxy: ${(err as Error).message}`);
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// Helpers for fault definitions ---------------------------------------------------------------

export const bodyJson = (r: { body: Buffer }): any => {
  try {
    return JSON.parse(r.body.toString('utf8'));
  } catch {
    return undefined;
  }
};

export const withJson = <T extends { body: Buffer }>(r: T, value: unknown): T => ({ ...r, body: Buffer.from(JSON.stringify(value)) });

export const pathOf = (req: ProxyRequest) => req.url.split('?')[0];

export const bearerOf = (req: ProxyRequest) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

/** The same request presented with the admin key (a broken implementation that let it through). */
export function asAdmin(req: ProxyRequest, ctx: FaultContext): ProxyRequest {
  const headers: Record<string, string> = { ...req.headers, authorization: `Bearer ${ctx.adminKey}` };
  delete headers['x-api-key'];
  delete headers['x-forwarded-for'];
  return { ...req, headers };
}
