// The request a probe sends when what it tests is who may send it (security, limits, unreadable
// bodies): one whose success would change nothing, so a broken implementation that lets it
// through does no harm. Preference: an unknown id (404), a plain read, an invalid input (422),
// another refused input; a request that creates something only when nothing else exists.
import type { ExamplePair } from '../../../openapi/tools/example-pairs.js';
import type { Json } from '../types.js';
import { idsIn } from './ids.js';

export interface SafeRequest {
  pair: ExamplePair;
  /** True when even this request changes state if let through. */
  sideEffects: boolean;
}

export function safeRequest(method: string, pairs: ExamplePair[], known: ReadonlySet<string>): SafeRequest | undefined {
  const free = (p: ExamplePair) => idsIn([p.request.path, p.request.query, p.request.body], known).size === 0;
  const status = (p: ExamplePair) => p.response.status;
  const preference: Array<(p: ExamplePair) => boolean> = [
    (p) => p.name === 'not-found' && free(p),
    (p) => method === 'get' && /^2/.test(status(p)) && p.isDefault && free(p),
    (p) => method === 'get' && /^2/.test(status(p)) && free(p),
    (p) => p.name === 'validation-error' && free(p),
    (p) => /^4/.test(status(p)) && status(p) !== '409' && free(p),
    (p) => /^[45]/.test(status(p)) && status(p) !== '409',
    (p) => method === 'get' && /^2/.test(status(p)),
  ];
  for (const pick of preference) {
    const pair = pairs.find(pick);
    if (pair) return { pair, sideEffects: false };
  }
  return pairs[0] ? { pair: pairs[0], sideEffects: true } : undefined;
}

/** A JSON body that a JSON parser refuses, close to the real one. */
export function malformedJson(body: unknown): string {
  const text = JSON.stringify(body ?? {});
  return `${text.slice(0, -1)},}`;
}

/** A syntactically valid JSON body of `size` bytes. */
export function oversizedBody(body: unknown, size: number): string {
  const base = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Json;
  const skeleton = JSON.stringify({ ...base, padding: '' });
  return JSON.stringify({ ...base, padding: 'a'.repeat(Math.max(0, size - skeleton.length)) });
}
