// A proxy in front of ANY conforming implementation that breaks exactly one thing (a Fault): it
// rewrites a request or a response, re-sends a request with another key, or hangs or resets the
// connection. The runner pointed at the proxy must fail exactly the check that guards that thing.
// A fault with a `delivery` hook also gets the webhook deliveries: every endpoint registration
// passing through has its URL swapped for a tampering forwarder's (started here, on loopback), whose
// answers are swapped back, so the runner never sees it; the forwarder hands each delivery to the
// fault, which may rewrite, re-sign, copy, delay, swallow or answer it, before it goes on to the
// runner's receiver.
import { createHmac } from 'node:crypto';
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
  /** Webhook endpoints seen registered, in order (only when the fault has a `delivery` hook). */
  endpoints: SeenEndpoint[];
}

/** An endpoint registration that went through the proxy, its URL swapped for the forwarder's. */
export interface SeenEndpoint {
  /** The URL the runner registered: its receiver. */
  original: string;
  /** The forwarder URL the implementation was given instead. */
  forwarded: string;
  account: 'this' | 'other';
  events: string[];
  id?: string;
  /** The latest signing secret an answer showed for it (create, rotation). */
  secret?: string;
  /** An answer showed a second secret: it was rotated. */
  rotated: boolean;
  /** webhook-id → how many deliveries of it reached the forwarder. */
  seen: Map<string, number>;
}

/** A delivery the implementation sent to an endpoint, as the forwarder got it. */
export interface InterceptedDelivery {
  endpoint: SeenEndpoint;
  /** Lower-case names, hop-by-hop headers dropped. */
  headers: Record<string, string>;
  body: Buffer;
  /** 1 the first time its webhook-id reached this endpoint, 2 for the next (a retry) … */
  attempt: number;
}

export interface OutgoingDelivery {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  delayMs?: number;
}

/** What the forwarder does instead: send these (in order), and answer `answer` (default: the first one's status, else 200). */
export interface DeliveryOutcome {
  send: OutgoingDelivery[];
  answer?: number;
}

export interface Fault {
  id: string;
  /** What the broken implementation does wrong, in one line. */
  description: string;
  /** Rewrites the request, or takes the connection over. */
  request?(req: ProxyRequest, ctx: FaultContext): ProxyRequest | 'hang' | 'reset' | void;
  /** Rewrites the response (may send other requests through ctx.forward first). */
  response?(res: ProxyResponse, req: ProxyRequest, ctx: FaultContext): Promise<ProxyResponse | void> | ProxyResponse | void;
  /** Tampers with a webhook delivery on its way to the receiver; undefined: passed on as is. */
  delivery?(d: InterceptedDelivery, ctx: FaultContext): Promise<DeliveryOutcome | undefined> | DeliveryOutcome | undefined;
}

/** A fault, the cases to run against it (--only) and the checks allowed to catch it. */
export interface FaultCase {
  fault: Fault;
  area:
    | 'security'
    | 'limits'
    | 'idempotency'
    | 'schemas'
    | 'headers'
    | 'status codes'
    | 'transport'
    | 'stateful'
    | 'tenancy'
    | 'generated'
    | 'webhooks';
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
  const ctx: FaultContext = { ...keys, memory: new Map(), forward, endpoints: [] };
  const sockets = new Set<Socket>();
  const hooks = fault?.delivery ? await startDeliveryForwarder(fault, ctx) : undefined;
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
      if (hooks) req = hooks.registering(req);
      let res = await forward(req);
      if (hooks) res = hooks.answered(res);
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
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      await hooks?.close();
    },
  };
}

// The delivery forwarder --------------------------------------------------------------------------

const keyOf = (req: ProxyRequest) => bearerOf(req) ?? req.headers['x-api-key'];

/** POSTs a delivery on; the status the receiver answered (502 when it could not be reached). */
export function postDelivery(out: OutgoingDelivery): Promise<number> {
  return new Promise((resolve) => {
    const send = () => {
      const req = http.request(
        out.url,
        { method: 'POST', agent: false, headers: { ...out.headers, 'content-length': String(out.body.length) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 502));
        },
      );
      req.on('error', () => resolve(502));
      req.end(out.body);
    };
    if (out.delayMs) setTimeout(send, out.delayMs);
    else send();
  });
}

async function startDeliveryForwarder(fault: Fault, ctx: FaultContext) {
  const server = http.createServer(async (incoming, outgoing) => {
    try {
      const body = await collect(incoming);
      const endpoint = ctx.endpoints.find((e) => new URL(e.forwarded).pathname === (incoming.url ?? '').split('?')[0]);
      if (!endpoint) {
        outgoing.writeHead(404).end();
        return;
      }
      const headers = flat(incoming.headers);
      const id = headers['webhook-id'] ?? '';
      const attempt = (endpoint.seen.get(id) ?? 0) + 1;
      endpoint.seen.set(id, attempt);
      const outcome = (await fault.delivery?.({ endpoint, headers, body, attempt }, ctx)) ?? {
        send: [{ url: endpoint.original, headers, body }],
      };
      const statuses: number[] = [];
      for (const out of outcome.send) statuses.push(await postDelivery(out));
      outgoing.writeHead(outcome.answer ?? statuses[0] ?? 200, { 'content-length': '0' }).end();
    } catch {
      outgoing.writeHead(502, { 'content-length': '0' }).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** An endpoint registration (a POST whose JSON names a `url` and `events`) gets the forwarder's URL. */
    registering(req: ProxyRequest): ProxyRequest {
      const body = req.method === 'POST' ? bodyJson(req) : undefined;
      if (!body || typeof body.url !== 'string' || !Array.isArray(body.events)) return req;
      const forwarded = `${base}/fwd/${ctx.endpoints.length + 1}`;
      ctx.endpoints.push({
        original: body.url,
        forwarded,
        account: keyOf(req) === ctx.otherKey ? 'other' : 'this',
        events: body.events.map(String),
        rotated: false,
        seen: new Map(),
      });
      return withJson(req, { ...body, url: forwarded });
    },
    /** Answers show the runner's URLs again; a secret an answer shows is learnt for its endpoint. */
    answered(res: ProxyResponse): ProxyResponse {
      let text = res.body.toString('utf8');
      if (!text.includes(base)) return res;
      for (const e of ctx.endpoints) text = text.split(e.forwarded).join(e.original);
      const out = { ...res, body: Buffer.from(text) };
      const json = bodyJson(out);
      const endpoint = json && typeof json.url === 'string' ? ctx.endpoints.find((e) => e.original === json.url) : undefined;
      if (endpoint && res.status < 300) {
        if (typeof json.id === 'string') endpoint.id = json.id;
        const secret = Object.values(json).find((v): v is string => typeof v === 'string' && v.startsWith('whsec_'));
        if (secret) {
          if (endpoint.secret && endpoint.secret !== secret) endpoint.rotated = true;
          endpoint.secret = secret;
        }
      }
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The delivery signed again (Standard Webhooks) with its endpoint's secret, after `change`. */
export function resigned(
  d: InterceptedDelivery,
  change: { id?: string; timestamp?: number; body?: Buffer } = {},
): { headers: Record<string, string>; body: Buffer } {
  const secret = d.endpoint.secret;
  if (!secret) throw new Error(`no secret learnt for ${d.endpoint.original}`);
  const id = change.id ?? d.headers['webhook-id'] ?? '';
  const timestamp = change.timestamp ?? Number(d.headers['webhook-timestamp']);
  const body = change.body ?? d.body;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = `v1,${createHmac('sha256', key)
    .update(`${id}.${timestamp}.${body.toString('utf8')}`)
    .digest('base64')}`;
  return {
    headers: { ...d.headers, 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    body,
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
