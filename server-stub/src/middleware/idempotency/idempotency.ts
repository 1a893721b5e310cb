// Idempotency-Key (ARCHITECTURE.md §5, draft-ietf-httpapi-idempotency-key-header): per account, 24 h.
// The same key and request replays the stored response; the same key with another request is a
// 422; a duplicate while the first runs is a 409. The pipeline stores what the handler answered
// (2xx and the 4xx it threw) in the handler's own transaction and releases the key on a 5xx, so a
// retry can run again (pipeline/handle.ts executeOnce).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../../openapi/tools/canonical-json.js';
import { ApiError } from '../../http/problem.js';
import type { IdempotencyStore, StoredResponse } from './store.js';

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same payload. */
export const stableJson = canonicalJson;

/** What makes two requests "the same": method, path and body. */
export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${body === undefined ? '' : stableJson(body)}`)
    .digest('base64url');
}

export const reusedKey = () =>
  new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request payload.');

export type Gate = { kind: 'run' } | { kind: 'replay'; response: StoredResponse };

/** Claims the key for this request, or answers the stored response, or refuses (409/422). */
export async function enterIdempotent(store: IdempotencyStore, accountId: string, key: string, print: string, now: number): Promise<Gate> {
  const result = await store.begin(accountId, key, print, now);
  if (result.claimed) return { kind: 'run' };
  const { record } = result;
  if (record.fingerprint !== print) throw reusedKey();
  if (record.response === null) {
    throw new ApiError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed.');
  }
  return { kind: 'replay', response: record.response };
}
