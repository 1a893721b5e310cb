// Standard Webhooks verification of recorded deliveries: messages are signed here with node:crypto,
// independently of the `standardwebhooks` package under the verifier, then broken one way at a
// time; each break must be refused with a reason that names it.
import { describe, expect, it } from 'vitest';
import { makeSecret, nowSeconds, send, sign, signedHeaders } from '../testing/webhook-client.js';
import { type Delivery, readIncoming } from './delivery.js';
import { type Receiver, startReceiver } from './receiver.js';
import { deliveryHeaders, timestampSkewSeconds, verifyWithStandardWebhooks } from './verify.js';

/** A delivery as the receiver would record it (answered 200). */
function delivery(headers: Record<string, string>, body: string, opts: { receivedAt?: number; cutAt?: number } = {}): Delivery {
  const bytes = Buffer.from(body);
  const incoming = readIncoming({
    seq: 1,
    method: 'POST',
    target: '/hooks/x',
    receivedAt: opts.receivedAt ?? Date.now(),
    headers,
    body: bytes.subarray(0, opts.cutAt ?? bytes.length),
    bodyBytes: bytes.length,
  });
  return { ...incoming, answeredStatus: 200 };
}

const { secret, key } = makeSecret();
const body = JSON.stringify({ type: 'call.ended', data: { id: 'call_1', note: 'Zoë ☃' } });

describe('verifyWithStandardWebhooks', () => {
  it('accepts a correctly signed delivery and gives its payload', () => {
    expect(verifyWithStandardWebhooks(secret, delivery(signedHeaders(key, body), body))).toEqual({ ok: true, payload: JSON.parse(body) });
  });

  it('accepts a delivery signed with a secret without the whsec_ prefix, and one valid signature among several', () => {
    const h = signedHeaders(key, body);
    expect(verifyWithStandardWebhooks(key.toString('base64'), delivery(h, body)).ok).toBe(true);
    const rotated = { ...h, 'webhook-signature': `v1,${Buffer.from('old key').toString('base64')} ${h['webhook-signature']}` };
    expect(verifyWithStandardWebhooks(secret, delivery(rotated, body)).ok).toBe(true);
  });

  it('accepts a delivery recorded by the receiver over the wire', async () => {
    const r: Receiver = await startReceiver();
    try {
      const headers = signedHeaders(key, body, 'msg_wire');
      expect((await send(r.url('/hooks/signed'), { body, headers: { 'Content-Type': 'application/json', ...headers } })).status).toBe(200);
      const [d] = r.deliveries({ webhookId: 'msg_wire' });
      expect(verifyWithStandardWebhooks(secret, d!)).toEqual({ ok: true, payload: JSON.parse(body) });
    } finally {
      await r.close();
    }
  });

  it('refuses a tampered body: bad signature', () => {
    const tampered = body.replace('call_1', 'call_2');
    const v = verifyWithStandardWebhooks(secret, delivery(signedHeaders(key, body), tampered));
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/^bad signature: none of 1 v1 signature/) });
  });

  it('refuses the wrong secret: bad signature', () => {
    const v = verifyWithStandardWebhooks(makeSecret().secret, delivery(signedHeaders(key, body), body));
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/^bad signature/) });
  });

  it('refuses a signature that is not v1', () => {
    const h = signedHeaders(key, body);
    const v = verifyWithStandardWebhooks(
      secret,
      delivery({ ...h, 'webhook-signature': h['webhook-signature'].replace('v1,', 'v2,') }, body),
    );
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/^webhook-signature holds no v1 signature/) });
  });

  it('refuses a correctly signed timestamp 10 minutes old, or 10 minutes ahead', () => {
    const old = verifyWithStandardWebhooks(secret, delivery(signedHeaders(key, body, 'msg_old', nowSeconds() - 600), body));
    expect(old).toEqual({
      ok: false,
      reason: expect.stringMatching(/^webhook-timestamp too old: 60\d s before now \(tolerance ±300 s\)$/),
    });
    const ahead = verifyWithStandardWebhooks(secret, delivery(signedHeaders(key, body, 'msg_new', nowSeconds() + 600), body));
    expect(ahead).toEqual({ ok: false, reason: expect.stringMatching(/^webhook-timestamp too new: (59\d|600) s after now/) });
  });

  it('refuses a timestamp that is not a number', () => {
    const h = { ...signedHeaders(key, body), 'webhook-timestamp': 'yesterday' };
    expect(verifyWithStandardWebhooks(secret, delivery(h, body))).toEqual({
      ok: false,
      reason: 'webhook-timestamp is not a number of seconds: "yesterday"',
    });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('refuses a delivery without %s, naming it', (name) => {
    const h: Record<string, string> = signedHeaders(key, body);
    delete h[name];
    expect(verifyWithStandardWebhooks(secret, delivery(h, body))).toEqual({ ok: false, reason: `missing header: ${name}` });
  });

  it('names every missing header', () => {
    expect(verifyWithStandardWebhooks(secret, delivery({}, body))).toEqual({
      ok: false,
      reason: 'missing headers: webhook-id, webhook-timestamp, webhook-signature',
    });
  });

  it('refuses an unusable secret, a truncated body, and a signed body that is not JSON', () => {
    expect(verifyWithStandardWebhooks('whsec_', delivery(signedHeaders(key, body), body))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^unusable secret/),
    });
    expect(verifyWithStandardWebhooks(secret, delivery(signedHeaders(key, body), body, { cutAt: 10 }))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^body truncated \(\d+ bytes sent\)/),
    });
    expect(verifyWithStandardWebhooks(secret, delivery(signedHeaders(key, 'plain text'), 'plain text'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^signature valid, but the body is not JSON/),
    });
  });
});

describe('deliveryHeaders and timestampSkewSeconds', () => {
  it('reads id, timestamp and every signature entry', () => {
    const s1 = sign(key, 'msg_1', 1_700_000_000, body);
    const d = delivery({ 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': `${s1}  v1,abc=` }, body, {
      receivedAt: 1_700_000_030_500,
    });
    expect(deliveryHeaders(d)).toEqual({ id: 'msg_1', timestamp: 1_700_000_000, signatures: [s1, 'v1,abc='] });
    expect(timestampSkewSeconds(d)).toBe(30.5);
  });

  it('leaves out what is missing or unreadable', () => {
    const d = delivery({ 'webhook-timestamp': '17e8' }, body);
    expect(deliveryHeaders(d)).toEqual({ signatures: [] });
    expect(timestampSkewSeconds(d)).toBeUndefined();
  });
});
