// What a hostile request is (bytes on a fresh connection and what the server owes it), what a
// category is (named shapes that generate such requests from a seeded Rng), and the helpers that
// write raw HTTP/1.1 without any client library smoothing it over.
import type { Rng } from './prng.js';
import type { Targets } from './targets.js';

/**
 * What the server owes a request. `answer`: well-formed HTTP, so a response is due (a close without
 * one is a drop). `answer-or-close`: broken or unfinished HTTP, where closing is a fair reply.
 */
export type Owed = 'answer' | 'answer-or-close';

export interface HostileCase {
  category: string;
  /** The shape that produced it (one line in a failure list). */
  shape: string;
  /** Written in order; with `trickleMs`, one chunk per tick. */
  chunks: Buffer[];
  trickleMs?: number;
  /** After the last chunk: keep the write side open (the default) or half-close it. */
  end?: 'keep-open' | 'half-close';
  /** After a complete response: hang up (the default) or wait for the server to close (keep-alive timeout). */
  after?: 'hang-up' | 'await-close';
  owed: Owed;
  /** The bound (ms from connecting) within which the server must answer or close; default: the run's. */
  deadlineMs?: number;
}

/** Server timeouts the run configured, so slow shapes can size themselves and their bounds. */
export interface Timeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  /** What the server may take beyond a timeout before it acts (its checking interval, a loaded machine). */
  slackMs: number;
}

export interface GenContext {
  adminKey: string;
  otherKey: string;
  targets: Targets;
  timeouts: Timeouts;
  /** Unique to the run: what prototype-pollution payloads plant, and what the canary looks for. */
  canary: string;
}

export type CaseBody = Omit<HostileCase, 'category' | 'shape'>;
export type Shape = (r: Rng, ctx: GenContext) => CaseBody;

export interface Category {
  id: string;
  title: string;
  /** Named shapes, taken in turn so that even a small run covers each; the Rng varies them. */
  shapes: Readonly<Record<string, Shape>>;
  /** Slow cases run in their own small pool with a fixed count (they take seconds each). */
  slow?: { count: number };
}

/** The i-th case of a category: shapes in turn, each varied by `r`. */
export function generate(category: Category, i: number, r: Rng, ctx: GenContext): HostileCase {
  const names = Object.keys(category.shapes);
  const shape = names[i % names.length];
  return { category: category.id, shape, ...category.shapes[shape](r, ctx) };
}

export type HeaderList = ReadonlyArray<readonly [string, string | Buffer]>;

export interface RawRequest {
  method?: string;
  target: string | Buffer;
  version?: string;
  headers?: HeaderList;
  body?: string | Buffer;
  /** Content-Length from the body (default), or none (the headers say what they say). */
  length?: 'auto' | 'none';
  /** Line ending (a bare LF is a shape of its own). */
  eol?: string;
  host?: boolean;
}

const buf = (v: string | Buffer) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : v);

/**
 * One request as bytes. Strings are written as latin1, so a shape decides every byte; use
 * `utf8()` for text that should travel as UTF-8.
 */
export function raw(req: RawRequest): Buffer {
  const eol = req.eol ?? '\r\n';
  const body = req.body === undefined ? undefined : buf(req.body);
  const parts: Buffer[] = [buf(`${req.method ?? 'GET'} `), buf(req.target), buf(` ${req.version ?? 'HTTP/1.1'}${eol}`)];
  if (req.host !== false) parts.push(buf(`Host: 127.0.0.1${eol}`));
  for (const [name, value] of req.headers ?? []) parts.push(buf(name), buf(': '), buf(value), buf(eol));
  if ((req.length ?? 'auto') === 'auto' && body !== undefined) parts.push(buf(`Content-Length: ${body.length}${eol}`));
  parts.push(buf(eol));
  if (body !== undefined) parts.push(body);
  return Buffer.concat(parts);
}

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A complete request owed an answer. */
export const answer = (bytes: Buffer): CaseBody => ({ chunks: [bytes], owed: 'answer' });
export const answerOrClose = (bytes: Buffer): CaseBody => ({ chunks: [bytes], owed: 'answer-or-close' });

export const bearer = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];
export const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

/** A JSON request with the admin key to `path`. */
export function jsonRequest(ctx: GenContext, method: string, path: string, body: string | Buffer, extra: HeaderList = []): Buffer {
  return raw({
    method,
    target: path,
    headers: [bearer(ctx.adminKey), JSON_TYPE, ...extra],
    body: typeof body === 'string' ? utf8(body) : body,
  });
}
