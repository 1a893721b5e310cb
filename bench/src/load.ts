// The load generator: N keep-alive connections over node:net, each sending one request, waiting
// for the complete answer (ResponseFramer) and sending the next, until the request budget or the
// duration runs out. Raw sockets instead of http.request: node:http's client objects cost more
// CPU per request than a fast server, and the generator shares a 2-core machine with the server.
// Loopback targets only; every loop is bounded in count and in time.
import { connect, type Socket } from 'node:net';
import { type FramedResponse, ResponseFramer } from './response-framer.js';
import { percentile } from './stats.js';

export interface LoadOptions {
  /** Base URL on a loopback address, e.g. http://127.0.0.1:4000. */
  url: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  connections: number;
  /** No request is sent after this many ms. */
  durationMs: number;
  /** Nor more than this many in all. */
  maxRequests: number;
  /** Per-request deadline (default 10 s); an answer later than that counts as a timeout. */
  timeoutMs?: number;
  /** A request body (Content-Length is added). */
  body?: string;
  /**
   * Idempotent requests: each connection sends a fresh `Idempotency-Key` (and the body
   * `bodyTemplate` with `{key}` replaced by it), then repeats that same request `replays` times,
   * then takes the next key. Keys are unique per run (a random tag, the connection, a counter).
   */
  idempotency?: { replays: number; bodyTemplate: string };
}

export interface LoadResult {
  connections: number;
  sent: number;
  /** Complete responses, any status. */
  completed: number;
  /** 2xx responses: what the throughput counts. */
  ok: number;
  statuses: Record<string, number>;
  /** Requests lost to a reset or malformed answer, and connections that could not be opened. */
  errors: number;
  timeouts: number;
  /** From the first request to the last answer. */
  durationMs: number;
  okPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU time this (load-generating) process used meanwhile. */
  clientCpuMs: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** A connection that fails this many times in a row without an answer stops trying. */
const MAX_CONSECUTIVE_FAILURES = 5;

export function buildRequest(options: Pick<LoadOptions, 'method' | 'path' | 'headers' | 'body'>, host: string): Buffer {
  const lines = [`${options.method ?? 'GET'} ${options.path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  if (options.body === undefined) return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const body = Buffer.from(options.body, 'utf8');
  lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/**
 * The requests of one connection: the same bytes every time, or (with `idempotency`) a fresh key
 * followed by `replays` repeats of it. `tag` makes keys unique across runs against one server.
 */
export function requestSequence(options: LoadOptions, host: string, tag: string, connection: number): () => Buffer {
  const idem = options.idempotency;
  if (!idem) {
    const request = buildRequest(options, host);
    return () => request;
  }
  let keys = 0;
  let replaysLeft = 0;
  let current: Buffer = Buffer.alloc(0);
  return () => {
    if (keys === 0 || replaysLeft === 0) {
      const key = `${tag}-${connection}-${++keys}`;
      current = buildRequest(
        { ...options, headers: { ...options.headers, 'Idempotency-Key': key }, body: idem.bodyTemplate.replaceAll('{key}', key) },
        host,
      );
      replaysLeft = idem.replays;
    } else replaysLeft--;
    return current;
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (target.protocol !== 'http:') throw new Error(`load: ${options.url} is not an http:// URL`);
  if (!LOOPBACK.has(target.hostname)) throw new Error(`load: ${target.hostname} is not a loopback address`);
  if (!(options.connections >= 1 && options.maxRequests >= 1 && options.durationMs > 0))
    throw new Error('load: connections, maxRequests and durationMs must be positive');
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 80);
  const tag = `bench${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationMs;
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let sent = 0;
  let completed = 0;
  let ok = 0;
  let errors = 0;
  let timeouts = 0;
  let lastAnswer = started;

  const mayIssue = () => sent < options.maxRequests && performance.now() < deadline;
  const record = (response: FramedResponse, sentAt: number) => {
    const now = performance.now();
    completed++;
    if (response.status >= 200 && response.status < 300) ok++;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    latencies.push(now - sentAt);
    lastAnswer = now;
  };

  const connection = (_: unknown, index: number) =>
    new Promise<void>((resolve) => {
      const nextRequest = requestSequence(options, target.host, tag, index);
      let failures = 0;
      let finished = false;
      const open = () => {
        if (!mayIssue() || failures >= MAX_CONSECUTIVE_FAILURES) return resolve();
        const framer = new ResponseFramer();
        const socket: Socket = connect({ host, port });
        socket.setNoDelay(true);
        let inFlight = false;
        let sentAt = 0;
        let connected = false;
        let timer: NodeJS.Timeout | undefined;
        const issue = () => {
          if (!mayIssue()) {
            finished = true;
            socket.destroy();
            return;
          }
          sent++;
          inFlight = true;
          sentAt = performance.now();
          timer = setTimeout(() => {
            timeouts++;
            failures++;
            inFlight = false;
            socket.destroy();
          }, timeoutMs);
          socket.write(nextRequest());
        };
        socket.once('connect', () => {
          connected = true;
          issue();
        });
        socket.on('data', (chunk: Buffer) => {
          let responses: FramedResponse[];
          try {
            responses = framer.push(chunk);
          } catch {
            socket.destroy(); // a malformed answer: counted as lost on close
            return;
          }
          for (const response of responses) {
            if (!inFlight) continue; // nothing was asked: not an answer to count
            clearTimeout(timer);
            inFlight = false;
            failures = 0;
            record(response, sentAt);
            if (response.close) {
              socket.destroy();
              return;
            }
          }
          if (!inFlight && !socket.destroyed) issue();
        });
        socket.on('error', () => {
          // Reported through 'close', which always follows.
        });
        socket.once('close', () => {
          clearTimeout(timer);
          if (inFlight) {
            const last = framer.end();
            if (last) {
              record(last, sentAt);
              failures = 0;
            } else {
              errors++;
              failures++;
            }
          } else if (!connected) {
            // The connection could not be opened.
            errors++;
            failures++;
          }
          if (finished) return resolve();
          open();
        });
      };
      open();
    });

  await Promise.all(Array.from({ length: options.connections }, connection));

  const cpu = process.cpuUsage(cpuAtStart);
  const durationMs = Math.max(lastAnswer - started, 1);
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    sent,
    completed,
    ok,
    statuses,
    errors,
    timeouts,
    durationMs,
    okPerSecond: ok / (durationMs / 1000),
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? 0 },
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}
