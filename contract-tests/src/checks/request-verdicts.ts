import { statusVerdict } from './verdict.js';

// ARCHITECTURE.md §3: requests the API cannot read are refused with their own status, never a 500.
export const malformedJsonRefused = statusVerdict(
  'malformed-json-refused',
  'Invalid JSON → 400',
  'a body that is not JSON was not refused',
);
export const payloadTooLargeRefused = statusVerdict(
  'payload-too-large-refused',
  'Oversized body → 413',
  'an oversized body was not refused',
);
export const unsupportedMediaTypeRefused = statusVerdict(
  'unsupported-media-type-refused',
  'Non-JSON body → 415',
  'a text/plain body was not refused',
);
export const rateLimitedRefused = statusVerdict(
  'rate-limited-refused',
  'Exhausted key → 429 everywhere',
  'a key whose limit is exhausted was served',
);
export const idempotencyKeyReuseRefused = statusVerdict(
  'idempotency-key-reuse-refused',
  'Reused Idempotency-Key → 422',
  'an Idempotency-Key reused with another payload was not refused',
);
