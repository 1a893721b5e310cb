// The HTTP end of the webhook probes: a local server the runner registers as webhook endpoints
// (one path per endpoint, so deliveries are told apart by path), which records every request as a
// typed Delivery and answers as the probe asks. What the sender gets wrong is recorded, never
// thrown: a GET is answered 405, a body over the limit 413 (kept cut, flagged), unreadable HTTP
// is Node's 400, and the receiver keeps serving.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { type AnswerRule, Answers, type Decision, failAlwaysRule, failOnceRule } from './answers.js';
import { type Delivery, readIncoming } from './delivery.js';
import { type DeliveryFilter, DeliveryLog, type DeliveryPredicate } from './log.js';

export type { AnswerRule } from './answers.js';
export type { Delivery, Incoming } from './delivery.js';
export type { DeliveryFilter, DeliveryPredicate } from './log.js';

export interface ReceiverOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Bodies over this are answered 413 and kept cut to it. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface Receiver {
  readonly host: string;
  readonly port: number;
  /** `http://HOST:PORT/<path>` (a leading slash on `path` is optional; a query is kept). */
  url(path?: string): string;
  /** A fresh endpoint path, `/hooks/<random>`, for one registered endpoint. */
  newPath(): string;
  /** Adds a rule; the first rule (in the order added) that names a status answers, else 200. */
  answer(rule: AnswerRule): void;
  /** The first delivery on `path` answers `status` (default 500). */
  failOnce(path: string, status?: number): void;
  /** Every delivery on `path` answers `status`. */
  failAlways(path: string, status: number): void;
  /** Recorded requests (non-POSTs included), in the order answered. */
  deliveries(filter?: DeliveryFilter): Delivery[];
  /** True once `predicate` holds over all deliveries; false on timeout, abort or close. Never rejects. */
  waitFor(predicate: DeliveryPredicate, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Stops listening and drops every connection, idle or busy. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'port already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  EACCES: 'permission denied',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
};

export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`webhook receiver: port must be an integer 0–65535, not ${port}`);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new Error(`webhook receiver: maxBodyBytes must be a whole number of bytes, not ${maxBodyBytes}`);
  }

  const answers = new Answers();
  const log = new DeliveryLog();
  let seq = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = Date.now();
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let bodyBytes = 0;
    // A request cut off mid-body (the sender gave up, or close()) was never delivered: nothing to record.
    req.on('error', () => {});
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (keptBytes < maxBodyBytes) {
        const part = chunk.subarray(0, maxBodyBytes - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    });
    req.on('end', () => {
      const incoming = readIncoming({
        seq: ++seq,
        method: req.method ?? '',
        target: req.url ?? '/',
        receivedAt,
        headers: req.headers,
        body: Buffer.concat(kept),
        bodyBytes,
      });
      const decision: Decision =
        incoming.method !== 'POST' ? { status: 405 } : incoming.truncated ? { status: 413 } : answers.decide(incoming);
      const { ruleError } = decision;
      log.record({ ...incoming, answeredStatus: decision.status, ...(ruleError === undefined ? {} : { ruleError }) });
      res.writeHead(decision.status, decision.status === 405 ? { allow: 'POST', 'content-length': 0 } : { 'content-length': 0 });
      res.end();
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const why = (e.code && LISTEN_ERRORS[e.code]) ?? e.message;
      reject(new Error(`webhook receiver: cannot listen on ${hostPort(host, port)}: ${why}${e.code ? ` (${e.code})` : ''}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // Once listening, a server error (a socket failing under load) must not take the process down.
  server.on('error', () => {});

  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  let closing: Promise<void> | undefined;

  return {
    host,
    port: boundPort,
    url: (path = '') => `http://${hostPort(host, boundPort)}/${path.replace(/^\/+/, '')}`,
    newPath: () => `/hooks/${randomBytes(12).toString('hex')}`,
    answer: (rule) => answers.add(rule),
    failOnce: (path, status = 500) => answers.add(failOnceRule(path, status)),
    failAlways: (path, status) => answers.add(failAlwaysRule(path, status)),
    deliveries: (filter) => log.list(filter),
    waitFor: (predicate, timeoutMs, signal) => log.waitFor(predicate, timeoutMs, signal),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        log.close();
      });
      return closing;
    },
  };
}

function hostPort(host: string, port: number): string {
  return `${isIPv6(host) ? `[${host}]` : host}:${port}`;
}
