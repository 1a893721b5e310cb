// Is a recorded delivery signed as Standard Webhooks says? Checked by the `standardwebhooks`
// package itself, not a copy of its algorithm, so the contract is judged by the reference
// implementation receivers will use; its terse errors ("No matching signature found") are turned
// into reasons that say what to fix. Pure; never throws.
//
// The package measures the ±5 min tolerance against the clock at verification time, so verify
// soon after receipt; `timestampSkewSeconds` measures against `receivedAt` instead.
import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Delivery } from './delivery.js';

export type Verification = { ok: true; payload: unknown } | { ok: false; reason: string };

/** The Standard Webhooks headers of a delivery, as typed values. */
export interface DeliveryHeaders {
  /** `webhook-id`: the message id, the same on every retry of one message. */
  id?: string;
  /** `webhook-timestamp`: seconds since the epoch; absent when missing or not a whole number. */
  timestamp?: number;
  /** `webhook-signature`, split on spaces: entries as sent, e.g. `v1,<base64>`. */
  signatures: string[];
}

export const TOLERANCE_SECONDS = 5 * 60;
const REQUIRED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

export function deliveryHeaders(d: Pick<Delivery, 'headers'>): DeliveryHeaders {
  const id = d.headers['webhook-id'];
  const timestamp = d.headers['webhook-timestamp']?.trim();
  return {
    ...(id ? { id } : {}),
    ...(timestamp && /^\d+$/.test(timestamp) ? { timestamp: Number(timestamp) } : {}),
    signatures: (d.headers['webhook-signature'] ?? '').split(' ').filter((s) => s !== ''),
  };
}

/** |webhook-timestamp − receivedAt| in seconds; undefined without a readable timestamp. */
export function timestampSkewSeconds(d: Pick<Delivery, 'headers' | 'receivedAt'>): number | undefined {
  const { timestamp } = deliveryHeaders(d);
  return timestamp === undefined ? undefined : Math.abs(timestamp - d.receivedAt / 1000);
}

export function verifyWithStandardWebhooks(secret: string, d: Delivery): Verification {
  const missing = REQUIRED_HEADERS.filter((name) => !d.headers[name]);
  if (missing.length > 0) return fail(`missing header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  if (d.truncated) return fail(`body truncated (${d.bodyBytes} bytes sent): the signature cannot be checked`);

  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (e) {
    return fail(`unusable secret (want whsec_ followed by base64): ${message(e)}`);
  }
  try {
    webhook.verify(d.rawBody, { ...d.headers }, { jsonParse: false });
  } catch (e) {
    return fail(reasonFor(message(e), d));
  }
  if (d.jsonError !== undefined) return fail(`signature valid, but the body is not JSON: ${d.jsonError}`);
  return { ok: true, payload: d.json };
}

/**
 * The signature alone: the package's verdict, except that a timestamp outside its ±5 min window is
 * not held against the signature. Then the package's own `sign` recomputes the HMAC at the
 * delivery's timestamp and the listed v1 signatures are compared with it in constant time; how far
 * the timestamp is from the clock is `timestampSkewSeconds`' business. A body that is not JSON is
 * no signature problem either.
 */
export function verifySignature(secret: string, d: Delivery): Verification {
  const full = verifyWithStandardWebhooks(secret, d);
  if (full.ok) return full;
  if (full.reason.startsWith('signature valid')) return { ok: true, payload: undefined };
  if (!/^webhook-timestamp too (old|new)/.test(full.reason)) return full;
  const { id, timestamp, signatures } = deliveryHeaders(d);
  if (!id || timestamp === undefined) return full;
  let expected: string;
  try {
    expected = new Webhook(secret).sign(id, new Date(timestamp * 1000), d.rawBody);
  } catch (e) {
    return fail(`unusable secret (want whsec_ followed by base64): ${message(e)}`);
  }
  const want = Buffer.from(expected);
  const matches = signatures.some((s) => {
    const got = Buffer.from(s);
    return got.length === want.length && timingSafeEqual(got, want);
  });
  if (matches) return { ok: true, payload: d.json };
  return fail(reasonFor('No matching signature found', d));
}

function reasonFor(error: string, d: Delivery): string {
  const raw = d.headers['webhook-timestamp'] ?? '';
  const age = Math.floor(Date.now() / 1000) - Number.parseInt(raw, 10);
  switch (error) {
    case 'Missing required headers':
      return `missing header: one of ${REQUIRED_HEADERS.join(', ')}`;
    case 'Invalid Signature Headers':
      return `webhook-timestamp is not a number of seconds: ${JSON.stringify(raw)}`;
    case 'Message timestamp too old':
      return `webhook-timestamp too old: ${age} s before now (tolerance ±${TOLERANCE_SECONDS} s)`;
    case 'Message timestamp too new':
      return `webhook-timestamp too new: ${-age} s after now (tolerance ±${TOLERANCE_SECONDS} s)`;
    case 'No matching signature found': {
      const v1 = deliveryHeaders(d).signatures.filter((s) => s.startsWith('v1,'));
      if (v1.length === 0) return `webhook-signature holds no v1 signature: ${JSON.stringify(d.headers['webhook-signature'])}`;
      return `bad signature: none of ${v1.length} v1 signature(s) is the HMAC of this webhook-id, webhook-timestamp and body under this secret`;
    }
    default:
      return `verification failed: ${error}`;
  }
}

const fail = (reason: string): Verification => ({ ok: false, reason });
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
