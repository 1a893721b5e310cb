// Request bodies: JSON only (415 otherwise), capped per operation (413, checked on Content-Length
// before reading and again while streaming), parsed once (400 for invalid JSON, nesting deeper than
// MAX_JSON_DEPTH, or a root of the wrong JSON type). Nothing above the cap is ever buffered.
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../http/problem.js';
import type { CompiledBody } from './compile.js';

export interface JsonBody {
  raw: string;
  value: unknown;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Deeper bodies are refused before parsing: everything after the parser (the validator's
 * uniqueItems, handlers, JSON.stringify) recurses, and 64 KiB of `[` would overflow the stack.
 * The spec's deepest documented body nests 5 levels.
 */
export const MAX_JSON_DEPTH = 64;

/** True when `text` opens more than `max` arrays/objects at once (strings skipped; one pass, no recursion). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++; // backslash: skip the escaped character
      } else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const tooLarge = (size: string, limit: number) =>
  new ApiError('PAYLOAD_TOO_LARGE', `The request body is ${size} bytes; this operation accepts at most ${limit}.`);

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

const incomplete = () => new ApiError('MALFORMED_REQUEST', 'The connection closed before the whole request body arrived.');

/** Reads up to `limit` bytes; rejects with 413 beyond it (the rest is left for discardRest). */
export function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(`more than ${limit}`, limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err instanceof ApiError ? err : incomplete());
    };
    // A client that goes away mid-body is its own fault: a 400 (nobody reads it), not an unexpected error.
    const onClose = () => {
      if (!req.complete) onError(incomplete());
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * The JSON body of a request to an operation that takes one; undefined when none was sent.
 * Throws 415 / 413 / 400 as documented.
 */
export async function readJsonBody(req: IncomingMessage, spec: CompiledBody): Promise<JsonBody | undefined> {
  if (!hasBody(req)) return undefined;
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPE.test(type)) {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${type ? type.split(';')[0].trim() || '(empty)' : '(none)'} is not supported; send application/json.`,
    );
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > spec.limit) throw tooLarge(declared, spec.limit);
  const bytes = await collect(req, spec.limit);
  if (bytes.length === 0) return undefined;
  const raw = bytes.toString('utf8');
  if (nestsDeeperThan(raw, MAX_JSON_DEPTH))
    throw new ApiError('MALFORMED_REQUEST', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new ApiError('MALFORMED_REQUEST', `The request body is not valid JSON: ${(err as Error).message}.`);
  }
  if ((spec.rootType === 'object' || spec.rootType === 'array') && jsonType(value) !== spec.rootType) {
    throw new ApiError(
      'MALFORMED_REQUEST',
      `The request body must be a JSON ${spec.rootType}, not ${jsonType(value) === 'array' ? 'an' : 'a'} ${jsonType(value)}.`,
    );
  }
  return { raw, value };
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

/**
 * After an early answer (413, 401 …) to a request whose body was not (fully) read: drain what the
 * client still sends, so it reads our answer instead of a reset and the connection stays usable;
 * beyond 16 MiB the connection is dropped instead.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > 16 * 1024 * 1024) req.socket?.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}
