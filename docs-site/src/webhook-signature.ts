// Verifies a Parley webhook delivery (the docs show this file as the recommended code, and the
// docs tests run it against the spec's signed examples).
import { createHmac, timingSafeEqual } from 'node:crypto';

const TOLERANCE_SECONDS = 5 * 60;

/**
 * True when `header` (the Parley-Signature value, `t=<unix seconds>,v1=<hex digest>`)
 * signs `rawBody` with `secret` and is at most 5 minutes old.
 */
export function verifyParleySignature(rawBody: string | Buffer, header: string, secret: string, now = Date.now()): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const signature = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(now / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
