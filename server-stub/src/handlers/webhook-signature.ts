// The `Parley-Signature` header of a webhook delivery (see openapi/webhooks/*.yaml):
// `t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">`, keyed with the endpoint's whole
// signing secret (`whsec_…`, prefix included: that is how the spec's examples are signed).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Replay window of the spec: reject deliveries whose `t` is more than 5 minutes old. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const digest = (secret: string, t: number, rawBody: string) => createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');

export function signPayload(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${digest(secret, t, rawBody)}`;
}

/** What a receiver does: recompute, compare in constant time, refuse stale timestamps. */
export function verifySignature(secret: string, rawBody: string, header: string, now: Date): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.floor(now.getTime() / 1000) - t > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(digest(secret, t, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}
