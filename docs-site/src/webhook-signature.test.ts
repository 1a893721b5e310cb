// The receiver code the webhooks guide shows accepts every signed delivery the spec documents (at
// the example's own time, on a fake clock) and refuses tampered, wrongly keyed and stale ones; its
// replay window is the spec's; the HTTP receiver acknowledges and handles each event once.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contractModel, WEBHOOK_HEADERS } from '../../openapi/tools/contract-model.js';
import { loadSpec } from '../../openapi/tools/spec.js';
import { createReceiver, type ParleyEvent, verifyDelivery } from './webhook-signature.js';

const model = contractModel(loadSpec());
const secretOf = (operationId: string) =>
  (model.operation(operationId).pairs.find((p) => p.response.status.startsWith('2'))!.response.value as { signing_secret: string })
    .signing_secret;
/** The secret the examples are signed with, and the one rotateWebhookSecret's example hands out. */
const secret = secretOf('createWebhook');
const rotated = secretOf('rotateWebhookSecret');

interface Delivery {
  event: string;
  name: string;
  headers: Record<string, string>;
  body: string;
  /** The example's own time: its webhook-timestamp, in Unix seconds. */
  at: number;
}
const deliveries: Delivery[] = model.webhooks.flatMap((w) =>
  Object.entries<any>(w.source.op.requestBody?.content?.['application/json']?.examples ?? {}).map(([name, example]) => {
    const headers = Object.fromEntries(
      Object.values(WEBHOOK_HEADERS).map((h) => [h, (w.source.op.parameters ?? []).find((p) => p.name === h)?.examples?.[name]?.value]),
    );
    return { event: w.name, name, headers, body: JSON.stringify(example.value), at: Number(headers['webhook-timestamp']) };
  }),
);

/** Runs `check` with the clock at `unixSeconds` (only Date is faked: I/O and timers stay real). */
const at = <T>(unixSeconds: number, check: () => T): T => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(unixSeconds * 1000);
  try {
    return check();
  } finally {
    vi.useRealTimers();
  }
};
afterEach(() => vi.useRealTimers());

describe('the documented deliveries', () => {
  it('cover every event, each with the three signed headers', () => {
    expect([...new Set(deliveries.map((d) => d.event))]).toEqual(model.webhooks.map((w) => w.name));
    for (const d of deliveries) expect(Object.keys(d.headers).filter((h) => typeof d.headers[h] !== 'string')).toEqual([]);
  });

  it('are signed with a secret other than the rotated one', () => {
    expect(secret).toMatch(/^whsec_/);
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
  });
});

describe('verifyDelivery', () => {
  it.each(deliveries)('accepts the documented $event delivery ($name) at its own time', ({ body, headers, at: t }) => {
    expect(at(t, () => verifyDelivery(body, headers, secret))).toEqual(JSON.parse(body));
  });

  it.each(deliveries)('accepts $event ($name) as a Buffer with headers as a client may case them', ({ body, headers, at: t }) => {
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace(/\b\w/g, (c) => c.toUpperCase()), v]));
    expect(at(t, () => verifyDelivery(Buffer.from(body), upper, secret))).toEqual(JSON.parse(body));
  });

  const flipDigit = (s: string) => s.replace(/\d/, (c) => String((Number(c) + 1) % 10));
  it.each([
    {
      given: 'a tampered body (one digit changed)',
      change: (d: Delivery) => ({ ...d, body: flipDigit(d.body) }),
      want: /No matching signature/,
    },
    {
      given: 'the body parsed and serialized again',
      change: (d: Delivery) => ({ ...d, body: JSON.stringify(JSON.parse(d.body), null, 2) }),
      want: /No matching signature/,
    },
    { given: 'a wrong secret (the rotated one)', change: (d: Delivery) => ({ ...d, secret: rotated }), want: /No matching signature/ },
    {
      given: 'a signature for another webhook-id',
      change: (d: Delivery) => ({ ...d, headers: { ...d.headers, 'webhook-id': `${d.headers['webhook-id']}x` } }),
      want: /No matching signature/,
    },
    { given: 'a timestamp 10 minutes old', change: (d: Delivery) => ({ ...d, at: d.at + 600 }), want: /too old/ },
    { given: 'a timestamp 10 minutes ahead', change: (d: Delivery) => ({ ...d, at: d.at - 600 }), want: /too new/ },
    {
      given: 'no webhook-signature header',
      change: (d: Delivery) => ({ ...d, headers: { ...d.headers, 'webhook-signature': '' } }),
      want: /Missing required headers/,
    },
  ])('refuses $given, for every documented delivery', ({ change, want }) => {
    for (const d of deliveries) {
      const c: Delivery & { secret?: string } = change(d);
      expect(() => at(c.at, () => verifyDelivery(c.body, c.headers, c.secret ?? secret)), `${d.event} ${d.name}`).toThrow(want);
    }
  });

  it("keeps the spec's replay window (toleranceSeconds) on both sides of the clock", () => {
    const tolerance = model.webhookDelivery.toleranceSeconds;
    const d = deliveries[0];
    const verifiesAt = (t: number) => at(t, () => verifyDelivery(d.body, d.headers, secret)) !== undefined;
    expect(verifiesAt(d.at + tolerance)).toBe(true);
    expect(verifiesAt(d.at - tolerance)).toBe(true);
    expect(() => verifiesAt(d.at + tolerance + 1)).toThrow(/too old/);
    expect(() => verifiesAt(d.at - tolerance - 1)).toThrow(/too new/);
  });
});

describe('createReceiver', () => {
  it('answers 204 to a valid delivery and handles it once however often it comes, 400 to a tampered one', async () => {
    const d = deliveries[0];
    const handled: ParleyEvent[] = [];
    const server = createReceiver(secret, (event) => handled.push(event));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`;
    const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...d.headers }, body });
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(d.at * 1000);
      const statuses = [(await post(d.body)).status, (await post(d.body)).status, (await post(`${d.body} `)).status];
      expect(statuses).toEqual([204, 204, 400]);
      expect(handled).toEqual([JSON.parse(d.body)]);
    } finally {
      vi.useRealTimers();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
