// Standard Webhooks signatures: the specification's published vector (recomputed here with
// node:crypto, independently of the module), what verification accepts and refuses, and — when
// the `standardwebhooks` package is installed — agreement with the specification's own library.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DeliveryHeaders, newSigningSecret, signDelivery, verifyDelivery } from './signature.js';

// The vector every Standard Webhooks library tests against.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** HMAC-SHA256 keyed with the base64 after `whsec_`, over `id.timestamp.body`: written from the specification, not the module. */
function independentSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

const headersOf = (signature: string, id = VECTOR.id, timestamp = String(VECTOR.timestamp)): DeliveryHeaders => ({
  id,
  timestamp,
  signature,
});

describe('newSigningSecret', () => {
  it('is whsec_ and the padded base64 of 24 random bytes', () => {
    const secrets = Array.from({ length: 50 }, newSigningSecret);
    for (const s of secrets) {
      expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(24);
      expect(Buffer.from(s.slice(6), 'base64').toString('base64')).toBe(s.slice(6)); // round-trips: standard alphabet
    }
    expect(new Set(secrets).size).toBe(50);
  });
});

describe('signDelivery', () => {
  it('reproduces the Standard Webhooks test vector, and a node:crypto computation of it', () => {
    expect(independentSignature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(signDelivery(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('signs what the specification says for a fresh secret and a non-ASCII body', () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ name: 'café ✓', n: 1 });
    expect(signDelivery(secret, 'evt_1', 1_800_000_000, body)).toBe(independentSignature(secret, 'evt_1', 1_800_000_000, body));
  });

  it.each([
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /starts with "whsec_"/],
    ['empty key', 'whsec_', /base64/],
    ['not base64', 'whsec_not*base64!', /base64/],
    ['unpadded', 'whsec_abc', /base64/],
  ])('refuses a malformed secret (%s) with a clear error', (_, secret, message) => {
    expect(() => signDelivery(secret, 'evt_1', 1, '{}')).toThrow(message);
    expect(() => verifyDelivery(secret, headersOf('v1,x'), '{}', 1)).toThrow(message);
  });

  it.each([-1, 1.5, Number.NaN])('refuses the timestamp %s', (t) => {
    expect(() => signDelivery(VECTOR.secret, 'evt_1', t, '{}')).toThrow(/whole Unix seconds/);
  });
});

describe('verifyDelivery', () => {
  const other = signDelivery('whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==', VECTOR.id, VECTOR.timestamp, VECTOR.body);
  const cases: [string, DeliveryHeaders, string, number, boolean][] = [
    ['the vector', headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp, true],
    ['a list where the second entry matches', headersOf(`${other} ${VECTOR.signature}`), VECTOR.body, VECTOR.timestamp, true],
    ['a list where the first entry matches', headersOf(`${VECTOR.signature} ${other}`), VECTOR.body, VECTOR.timestamp, true],
    ['an unknown version first', headersOf(`v2,abc ${VECTOR.signature}`), VECTOR.body, VECTOR.timestamp, true],
    ['5 minutes late, the edge', headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp + 300, true],
    ['5 minutes early, the edge', headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp - 300, true],
    ['1 s past the tolerance', headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp + 301, false],
    ['from the future', headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp - 301, false],
    ['another secret only', headersOf(other), VECTOR.body, VECTOR.timestamp, false],
    ['a changed body', headersOf(VECTOR.signature), '{"test": 2432232315}', VECTOR.timestamp, false],
    ['another webhook-id', headersOf(VECTOR.signature, 'msg_other'), VECTOR.body, VECTOR.timestamp, false],
    ['another timestamp', headersOf(VECTOR.signature, VECTOR.id, String(VECTOR.timestamp + 1)), VECTOR.body, VECTOR.timestamp, false],
    ['the right digest under v2', headersOf(VECTOR.signature.replace('v1,', 'v2,')), VECTOR.body, VECTOR.timestamp, false],
    ['the digest without a version', headersOf(VECTOR.signature.slice(3)), VECTOR.body, VECTOR.timestamp, false],
    ['a truncated digest', headersOf(VECTOR.signature.slice(0, -2)), VECTOR.body, VECTOR.timestamp, false],
    ['no signature', { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: undefined }, VECTOR.body, VECTOR.timestamp, false],
    ['no id', { id: undefined, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature }, VECTOR.body, VECTOR.timestamp, false],
    ['a timestamp that is not digits', headersOf(VECTOR.signature, VECTOR.id, '1614265330.0'), VECTOR.body, VECTOR.timestamp, false],
    ['an empty signature', headersOf(''), VECTOR.body, VECTOR.timestamp, false],
  ];
  it.each(cases)('%s → %s', (_, headers, body, now, want) => {
    expect(verifyDelivery(VECTOR.secret, headers, body, now)).toBe(want);
  });

  it('takes another tolerance', () => {
    expect(verifyDelivery(VECTOR.secret, headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp + 10, 5)).toBe(false);
    expect(verifyDelivery(VECTOR.secret, headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp + 10, 10)).toBe(true);
  });
});

interface StandardWebhooks {
  Webhook: new (secret: string) => { sign(id: string, at: Date, body: string): string; verify(body: string, headers: object): unknown };
}

/** The specification's own library, when another engineer's dependency is installed. */
async function standardWebhooks(): Promise<StandardWebhooks | undefined> {
  try {
    const name = 'standardwebhooks'; // not a literal: tsc must not require the package
    return (await import(/* @vite-ignore */ name)) as StandardWebhooks;
  } catch {
    return undefined;
  }
}

describe('the standardwebhooks library (when installed)', () => {
  it('signs like we do and verifies our deliveries', async (ctx) => {
    const lib = await standardWebhooks();
    if (!lib) return ctx.skip('the standardwebhooks package is not installed; the cross-check with the specification library is skipped');
    const webhook = new lib.Webhook(VECTOR.secret);
    expect(webhook.sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body)).toBe(VECTOR.signature);
    const secret = newSigningSecret();
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt_1', data: { text: 'café ✓' } });
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(now),
      'webhook-signature': signDelivery(secret, 'evt_1', now, body),
    };
    expect(new lib.Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new lib.Webhook(secret).verify(`${body} `, headers)).toThrow();
  });
});
