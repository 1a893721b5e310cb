// Standard Webhooks signatures (standardwebhooks.com), so a receiver can verify our deliveries with
// that specification's libraries in any language: `webhook-signature: v1,<base64 HMAC-SHA256>` over
// `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded part of `whsec_…`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** Standard base64 with its padding; the key must not be empty. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Receivers reject a `webhook-timestamp` further than this from their clock (the specification's 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The headers a delivery's signature travels in, as the receiver got them. */
export interface DeliveryHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** A fresh endpoint secret: `whsec_` and the base64 of 24 random bytes (32 characters). */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

/** The HMAC key inside `whsec_…`; a clear error for anything else. */
function signingKey(secret: string): Buffer {
  if (typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX)) {
    throw new TypeError('A webhook signing secret starts with "whsec_".');
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (encoded === '' || !BASE64.test(encoded)) {
    throw new TypeError('A webhook signing secret is "whsec_" followed by standard, padded base64.');
  }
  return Buffer.from(encoded, 'base64');
}

function digest(key: Buffer, webhookId: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64');
}

/** The `webhook-signature` value of one delivery: `v1,<base64 HMAC-SHA256>`. */
export function signDelivery(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new TypeError(`A webhook timestamp is whole Unix seconds, not ${timestampSeconds}.`);
  }
  return `v1,${digest(signingKey(secret), webhookId, timestampSeconds, body)}`;
}

/**
 * What a receiver does: true when one of the space-separated `v1,…` signatures matches (compared
 * in constant time) and the timestamp is within ±tolerance of `nowSeconds`. Missing or malformed
 * headers are false, never an exception; a malformed secret is the caller's bug and throws.
 */
export function verifyDelivery(
  secret: string,
  headers: DeliveryHeaders,
  body: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const key = signingKey(secret);
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d{1,15}$/.test(timestamp)) return false;
  const t = Number(timestamp);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(digest(key, id, t, body));
  let matched = false;
  for (const entry of signature.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1));
    // No early exit: every listed signature costs the same whether or not an earlier one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
