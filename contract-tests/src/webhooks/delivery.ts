// What the webhook receiver records of one request, read off the wire once so probes never touch
// node:http: header names lower-cased, the body kept as the bytes that came (as utf8, so a
// signature can be checked over it), JSON parsed but never trusted. Pure: the receiver builds
// deliveries from sockets, tests build them from literals.
import type { IncomingHttpHeaders } from 'node:http';

/** One request the receiver answered. A webhook delivery proper is a POST; others are kept to be judged. */
export interface Delivery {
  /** 1, 2, 3 … in the order requests were answered. */
  readonly seq: number;
  readonly method: string;
  /** The request target without its query, e.g. `/hooks/3f2a…`: each registered endpoint has its own. */
  readonly path: string;
  /** When the request's headers arrived, in ms since the epoch. */
  readonly receivedAt: number;
  /** Lower-case names; a repeated header is joined with `, ` as HTTP allows. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (utf8), cut at the receiver's `maxBodyBytes` when `truncated`. */
  readonly rawBody: string;
  /** How many body bytes were sent, including any beyond the cut. */
  readonly bodyBytes: number;
  readonly truncated: boolean;
  /** The parsed body, when it is JSON; `jsonError` says why not otherwise. */
  readonly json?: unknown;
  readonly jsonError?: string;
  /** The status the receiver answered with. */
  readonly answeredStatus: number;
  /** Why an answer rule could not give a status (it threw or gave no HTTP status); answered 500. */
  readonly ruleError?: string;
}

/** A delivery before it is answered: what an answer rule sees. */
export type Incoming = Omit<Delivery, 'answeredStatus' | 'ruleError'>;

export interface RawRequest {
  seq: number;
  method: string;
  /** The request target as sent (`/hooks/a?x=1`). */
  target: string;
  receivedAt: number;
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>;
  /** The bytes kept (at most the receiver's limit). */
  body: Buffer;
  /** Every byte sent, kept or not. */
  bodyBytes: number;
}

/** The path every path argument is compared as: one leading slash, no query. */
export function normalizePath(path: string): string {
  const bare = path.split('?')[0]!.replace(/^\/+/, '');
  return `/${bare}`;
}

export function readIncoming(raw: RawRequest): Incoming {
  const truncated = raw.bodyBytes > raw.body.length;
  const rawBody = raw.body.toString('utf8');
  return {
    seq: raw.seq,
    method: raw.method.toUpperCase(),
    path: normalizePath(raw.target),
    receivedAt: raw.receivedAt,
    headers: Object.freeze(flattenHeaders(raw.headers)),
    rawBody,
    bodyBytes: raw.bodyBytes,
    truncated,
    ...parseJson(rawBody, truncated, raw.bodyBytes),
  };
}

function flattenHeaders(headers: RawRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(body: string, truncated: boolean, bodyBytes: number): { json?: unknown; jsonError?: string } {
  if (truncated) return { jsonError: `body truncated (${bodyBytes} bytes sent): not parsed` };
  if (body.trim() === '') return { jsonError: 'body is empty' };
  try {
    return { json: JSON.parse(body) };
  } catch (e) {
    return { jsonError: e instanceof Error ? e.message : String(e) };
  }
}
