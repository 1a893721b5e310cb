// The webhook verdicts as given/want tables: deliveries signed here with node:crypto (test-support.ts,
// independently of the `standardwebhooks` package the verdicts use), then broken one way at a time;
// each row wants a pass, a skip, or a failure whose message says what went wrong.
import { describe, expect, it } from 'vitest';
import { contractModel } from '../../../openapi/tools/contract-model.js';
import { checkById } from '../checks/index.js';
import { ctxFor, exchange, spec } from '../testing/fixtures/exchanges.js';
import { failingChecks, type VerdictRow, verdictTable } from '../testing/verdict-table.js';
import { makeSecret, nowSeconds, sign } from '../testing/webhook-client.js';
import type { Evidence, Json } from '../types.js';
import { type Delivery, readIncoming } from './delivery.js';

const model = contractModel(spec);
const completed = model.webhooks.find((w) => w.name === 'call.completed')!;
const payload = completed.example?.value as Json;
const { secret, key } = makeSecret();
const other = makeSecret();
let seq = 0;

interface Sent {
  body?: unknown;
  /** Raw text instead of JSON. */
  text?: string;
  id?: string;
  timestamp?: number;
  key?: Buffer;
  /** Replaces the computed headers. */
  headers?: Record<string, string>;
  answered?: number;
  receivedAt?: number;
}

/** A delivery as the receiver records it, signed over exactly the bytes sent. */
function delivery(s: Sent = {}): Delivery {
  const text = s.text ?? JSON.stringify(s.body ?? payload);
  const id = s.id ?? String((s.body as Json | undefined)?.id ?? payload.id);
  const timestamp = s.timestamp ?? nowSeconds();
  const headers = s.headers ?? {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(s.key ?? key, id, timestamp, text),
  };
  const body = Buffer.from(text);
  const incoming = readIncoming({
    seq: ++seq,
    method: 'POST',
    target: '/hooks/x',
    receivedAt: s.receivedAt ?? Date.now(),
    headers,
    body,
    bodyBytes: body.length,
  });
  return { ...incoming, answeredStatus: s.answered ?? 200 };
}

const event = (changes: Json) => ({ ...structuredClone(payload), ...changes });
const ofObject = (changes: Json) => event({ data: { object: { ...payload.data.object, ...changes } } });
const flip = (d: Delivery): Delivery => {
  const sig = d.headers['webhook-signature']!;
  return { ...d, headers: { ...d.headers, 'webhook-signature': `${sig.slice(0, 3)}${sig[3] === 'A' ? 'B' : 'A'}${sig.slice(4)}` } };
};

const row = (check: string, given: string, evidence: Evidence, want: VerdictRow['want']): VerdictRow => ({
  check,
  given,
  ctx: ctxFor('createWebhook', 'create-endpoint', { evidence }),
  ex: exchange({ status: 201 }),
  want,
});

const callId = String(payload.data.object.id);
const match = { pointer: '/data/object/id', value: callId };
const base = { event: 'call.completed', cause: 'triggerCall "outbound-call", then hangupCall on call_…', waitedMs: 10_000 };

const ten = 600;
const first = delivery({ answered: 500 });
const retry = (s: Sent = {}) => delivery({ timestamp: Number(first.headers['webhook-timestamp']) + 1, ...s });
const retryEvidence = (arrived: Delivery[], more: Json = {}): Evidence => ({
  kind: 'webhook-retry',
  event: 'call.completed',
  secret,
  firstStatus: 500,
  arrived,
  waitedMs: 15_000,
  maxWaitMs: 15_000,
  firstDelaySeconds: 5,
  ...more,
});
const attempt = (n: number, status: string, response: number | null, more: Json = {}) => ({
  id: `whatt_${String(n).padStart(22, '0')}`,
  event_id: payload.id,
  event_type: 'call.completed',
  attempt: n,
  status,
  response_status: response,
  next_attempt_at: null,
  ...more,
});
const inSeconds = (s: number, from = first.receivedAt) => new Date(from + s * 1000).toISOString();

const failed = delivery({
  body: { ...ofObject({ id: 'call_9Tz3Lm8Qp2Wx6Rk1Nv7Hd4' }), id: 'evt_2Tq9Lm4Xw8Kp1Rz7Nv3Hb5', type: 'call.failed' },
});
const theirs = delivery({ body: { ...ofObject({ id: 'call_Other00000000000000001' }), id: 'evt_Other0000000000000001' } });
const rotated = makeSecret();
const afterRotation = delivery({ key: rotated.key, body: event({ id: 'evt_Test00000000000000001' }) });

const rows: VerdictRow[] = [
  // webhook-delivered
  row(
    'webhook-delivered',
    'the event about the resource made',
    { kind: 'webhook-delivered', ...base, arrived: [delivery()], match },
    'pass',
  ),
  row(
    'webhook-delivered',
    'any delivery, without a resource to match',
    { kind: 'webhook-delivered', ...base, arrived: [delivery()] },
    'pass',
  ),
  row(
    'webhook-delivered',
    'nothing within the wait',
    { kind: 'webhook-delivered', ...base, arrived: [], match },
    { fail: 'no call.completed delivery reached the endpoint within 10 s after triggerCall' },
  ),
  row(
    'webhook-delivered',
    'only events about other resources',
    { kind: 'webhook-delivered', ...base, arrived: [theirs], match },
    { fail: `1 other delivery arrived, none naming ${callId} at /data/object/id` },
  ),
  // webhook-signature-valid
  row(
    'webhook-signature-valid',
    'signed with the secret',
    { kind: 'webhook-signature', secret, secretFrom: 'createWebhook', delivery: delivery() },
    'pass',
  ),
  row(
    'webhook-signature-valid',
    'correctly signed but 10 minutes old (the timestamp verdict judges that)',
    { kind: 'webhook-signature', secret, secretFrom: 'createWebhook', delivery: delivery({ timestamp: nowSeconds() - ten }) },
    'pass',
  ),
  row(
    'webhook-signature-valid',
    'one byte of the signature changed',
    { kind: 'webhook-signature', secret, secretFrom: 'createWebhook', delivery: flip(delivery()) },
    { fail: 'does not verify with the secret from createWebhook: bad signature' },
  ),
  row(
    'webhook-signature-valid',
    "signed with another endpoint's secret",
    { kind: 'webhook-signature', secret, secretFrom: 'createWebhook', delivery: delivery({ key: other.key }) },
    { fail: 'bad signature' },
  ),
  row(
    'webhook-signature-valid',
    'no signature header',
    {
      kind: 'webhook-signature',
      secret,
      secretFrom: 'createWebhook',
      delivery: delivery({ headers: { 'webhook-id': String(payload.id), 'webhook-timestamp': String(nowSeconds()) } }),
    },
    { fail: 'missing header: webhook-signature' },
  ),
  row('webhook-signature-valid', 'nothing arrived', { kind: 'webhook-signature', secret, secretFrom: 'createWebhook' }, 'skip'),
  // webhook-timestamp-fresh
  row('webhook-timestamp-fresh', 'stamped now', { kind: 'webhook-timestamp', toleranceSeconds: 300, delivery: delivery() }, 'pass'),
  row(
    'webhook-timestamp-fresh',
    '10 minutes old',
    { kind: 'webhook-timestamp', toleranceSeconds: 300, delivery: delivery({ timestamp: nowSeconds() - ten }) },
    { fail: 's before it was received (tolerance ±300 s)' },
  ),
  row(
    'webhook-timestamp-fresh',
    '10 minutes ahead',
    { kind: 'webhook-timestamp', toleranceSeconds: 300, delivery: delivery({ timestamp: nowSeconds() + ten }) },
    { fail: 's after it was received' },
  ),
  row(
    'webhook-timestamp-fresh',
    'milliseconds instead of seconds',
    {
      kind: 'webhook-timestamp',
      toleranceSeconds: 300,
      delivery: delivery({ headers: { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Date.now()), 'webhook-signature': 'v1,x' } }),
    },
    { fail: 's after it was received' },
  ),
  row(
    'webhook-timestamp-fresh',
    'not a number',
    {
      kind: 'webhook-timestamp',
      toleranceSeconds: 300,
      delivery: delivery({ headers: { 'webhook-id': 'evt_1', 'webhook-timestamp': 'now', 'webhook-signature': 'v1,x' } }),
    },
    { fail: 'webhook-timestamp is not Unix seconds: "now"' },
  ),
  row('webhook-timestamp-fresh', 'nothing arrived', { kind: 'webhook-timestamp', toleranceSeconds: 300 }, 'skip'),
  // webhook-payload-valid
  ...(() => {
    const ev = (d: Delivery): Evidence => ({
      kind: 'webhook-payload',
      event: 'call.completed',
      webhookOperationId: completed.operationId,
      schema: completed.payloadSchema,
      delivery: d,
    });
    const { api_version: _dropped, ...noVersion } = payload;
    return [
      row('webhook-payload-valid', 'the documented event', ev(delivery()), 'pass'),
      row('webhook-payload-valid', 'a required field dropped', ev(delivery({ body: noVersion })), {
        fail: "must have required property 'api_version'",
      }),
      row('webhook-payload-valid', 'another event type', ev(delivery({ body: event({ type: 'call.failed' }) })), { fail: '/type' }),
      row('webhook-payload-valid', 'webhook-id is not the payload id', ev(delivery({ id: 'evt_Another00000000000001' })), {
        fail: 'webhook-id "evt_Another00000000000001" is not the payload\'s id',
      }),
      row('webhook-payload-valid', 'a body that is not JSON', ev(delivery({ text: 'event=call.completed' })), { fail: 'is not JSON' }),
      row(
        'webhook-payload-valid',
        'nothing arrived',
        { kind: 'webhook-payload', event: 'call.completed', webhookOperationId: '', schema: {} },
        'skip',
      ),
    ];
  })(),
  // webhook-retried
  row('webhook-retried', 'the same message again, later, signed', retryEvidence([first, retry()]), 'pass'),
  row(
    'webhook-retried',
    'the same message in the same second',
    retryEvidence([first, retry({ timestamp: Number(first.headers['webhook-timestamp']) })]),
    'pass',
  ),
  row('webhook-retried', 'a retry under a new webhook-id', retryEvidence([first, retry({ id: 'evt_Fresh000000000000000001' })]), {
    fail: 'carries another webhook-id than the attempt it repeats',
  }),
  row(
    'webhook-retried',
    'a retry stamped before the first attempt',
    retryEvidence([first, retry({ timestamp: Number(first.headers['webhook-timestamp']) - 60 })]),
    { fail: 'is earlier than the first attempt' },
  ),
  row('webhook-retried', 'a retry signed badly after a good first attempt', retryEvidence([first, flip(retry())]), {
    fail: 'does not verify although the first attempt did',
  }),
  row(
    'webhook-retried',
    'both attempts signed badly (webhook-signature-valid judges that)',
    retryEvidence([flip(first), flip(retry())]),
    'pass',
  ),
  row(
    'webhook-retried',
    'no retry arrived, yet the log lists attempt 2 delivered',
    retryEvidence([first], { log: [attempt(2, 'succeeded', 200), attempt(1, 'failed', 500, { next_attempt_at: inSeconds(0.05) })] }),
    { fail: "yet the server's log lists attempt 2 as succeeded (200): the retry never reached the receiver" },
  ),
  row(
    'webhook-retried',
    'no retry arrived, the log has it due later than the run waits',
    retryEvidence([first], { log: [attempt(1, 'failed', 500, { next_attempt_at: inSeconds(300) })] }),
    'skip',
  ),
  row(
    'webhook-retried',
    'no retry arrived although it was due within the wait',
    retryEvidence([first], { log: [attempt(1, 'failed', 500, { next_attempt_at: inSeconds(5) })] }),
    { fail: "although the server's log had the retry due at" },
  ),
  row('webhook-retried', 'no retry arrived, and none is scheduled', retryEvidence([first], { log: [attempt(1, 'failed', 500)] }), {
    fail: 'the server does not retry: attempt 1 is logged failed with no next attempt (the documented schedule retries after 5 s)',
  }),
  row('webhook-retried', 'no retry arrived and the log could not be read', retryEvidence([first], { logError: '404 NOT_FOUND' }), 'skip'),
  row('webhook-retried', 'not even the first attempt arrived', retryEvidence([]), 'skip'),
  // webhook-log-agrees
  ...(() => {
    const ev = (arrived: Delivery[], listed?: Json[], error?: string): Evidence => ({
      kind: 'webhook-log',
      event: 'call.completed',
      eventId: String(payload.id),
      arrived,
      ...(listed ? { listed } : {}),
      ...(error ? { error } : {}),
    });
    const ok = delivery();
    return [
      row('webhook-log-agrees', 'one attempt, answered 200, logged succeeded', ev([ok], [attempt(1, 'succeeded', 200)]), 'pass'),
      row(
        'webhook-log-agrees',
        'a refused attempt and its retry, newest first',
        ev([first, retry()], [attempt(2, 'succeeded', 200), attempt(1, 'failed', 500, { next_attempt_at: inSeconds(5) })]),
        'pass',
      ),
      row('webhook-log-agrees', 'logged failed although the receiver answered 200', ev([ok], [attempt(1, 'failed', 200)]), {
        fail: 'is logged with status "failed"',
      }),
      row('webhook-log-agrees', "logged with another status than the receiver's", ev([first], [attempt(1, 'failed', 503)]), {
        fail: 'response_status 503',
      }),
      row(
        'webhook-log-agrees',
        'logged under another event type',
        ev([ok], [attempt(1, 'succeeded', 200, { event_type: 'call.failed' })]),
        {
          fail: 'event_type "call.failed"',
        },
      ),
      row('webhook-log-agrees', 'not logged at all', ev([ok], []), { fail: 'lists no attempt 1 (0 listed)' }),
      row('webhook-log-agrees', 'the log cannot be read', ev([ok], undefined, '404 NOT_FOUND'), {
        fail: 'could not be read: 404 NOT_FOUND',
      }),
      row('webhook-log-agrees', 'nothing arrived', ev([], []), 'skip'),
    ];
  })(),
  // webhook-ids-unique
  row('webhook-ids-unique', 'two events and a retry of one', { kind: 'webhook-ids', deliveries: [first, retry(), failed] }, 'pass'),
  row(
    'webhook-ids-unique',
    'one event twice, keys in another order',
    {
      kind: 'webhook-ids',
      deliveries: [delivery(), delivery({ text: JSON.stringify(Object.fromEntries(Object.entries(payload).reverse())) }), failed],
    },
    'pass',
  ),
  row(
    'webhook-ids-unique',
    'two different events under one webhook-id',
    {
      kind: 'webhook-ids',
      deliveries: [delivery(), failed, delivery({ body: event({ type: 'call.completed', created_at: '2026-11-21T00:00:00Z' }) })],
    },
    { fail: `webhook-id ${payload.id} was given to 2 different events` },
  ),
  row('webhook-ids-unique', 'a single event', { kind: 'webhook-ids', deliveries: [first, retry()] }, 'skip'),
  // webhook-tenant-isolated
  ...(() => {
    const ev = (here: Delivery[], control: Delivery[] = [theirs]): Evidence => ({
      kind: 'webhook-tenant',
      cause: 'sendMessage "sms" (required fields only, other account), then getMessage on msg_…',
      waitedMs: 800,
      here,
      control,
      otherResources: ['call_Other00000000000000001'],
      pointer: '/data/object/id',
    });
    return [
      row('webhook-tenant-isolated', "only this account's own events here", ev([delivery(), failed]), 'pass'),
      row('webhook-tenant-isolated', 'nothing here', ev([]), 'pass'),
      row('webhook-tenant-isolated', "the other account's delivery copied here", ev([delivery(), theirs]), {
        fail: "this account's endpoint received the other account's event",
      }),
      row(
        'webhook-tenant-isolated',
        "the other account's resource, under another id and signature",
        ev([delivery({ body: { ...ofObject({ id: 'call_Other00000000000000001' }), id: 'evt_Copy00000000000000001' }, key: other.key })]),
        { fail: "received the other account's event" },
      ),
      row('webhook-tenant-isolated', "the other account's own endpoint got nothing", ev([theirs], []), 'skip'),
    ];
  })(),
  // webhook-secret-not-readable
  ...(() => {
    const reads = [
      { label: 'getWebhook after create (200)', text: JSON.stringify({ id: 'whk_1', url: 'http://127.0.0.1:1/hooks/a' }) },
      { label: 'listWebhooks page 1 after create (200)', text: JSON.stringify({ data: [{ id: 'whk_1' }] }) },
    ];
    const ev = (more: Json = {}, rotation: Json = {}): Evidence => ({
      kind: 'webhook-secret',
      field: 'signing_secret',
      secret,
      reads,
      rotation: {
        operationId: 'rotateWebhookSecret',
        testedWith: 'sendWebhookTestEvent event',
        newSecret: rotated.secret,
        delivery: afterRotation,
        ...rotation,
      },
      ...more,
    });
    const leak = (text: string) => ({ reads: [...reads, { label: 'getWebhook after rotateWebhookSecret (200)', text }] });
    return [
      row('webhook-secret-not-readable', 'never shown; the new secret signs the next delivery', ev(), 'pass'),
      row(
        'webhook-secret-not-readable',
        'the read shows the secret',
        ev(leak(JSON.stringify({ id: 'whk_1', signing_secret: secret })), {}),
        {
          fail: "getWebhook after rotateWebhookSecret (200) shows the endpoint's signing_secret",
        },
      ),
      row(
        'webhook-secret-not-readable',
        'the read shows the rotated secret',
        ev(leak(JSON.stringify({ id: 'whk_1', s: rotated.secret }))),
        {
          fail: 'shows the endpoint',
        },
      ),
      row('webhook-secret-not-readable', 'the read shows the key without its prefix', ev(leak(`{"k":"${secret.slice(6)}"}`)), {
        fail: 'shows the endpoint',
      }),
      row(
        'webhook-secret-not-readable',
        'still signed with the old secret',
        ev({}, { delivery: delivery({ body: event({ id: 'evt_Test00000000000000001' }) }) }),
        {
          fail: 'still verifies with the old secret',
        },
      ),
      row('webhook-secret-not-readable', 'rotation answers no secret', ev({}, { newSecret: undefined, error: '404 NOT_FOUND' }), {
        fail: 'rotateWebhookSecret answered no new signing_secret: 404 NOT_FOUND',
      }),
      row('webhook-secret-not-readable', 'rotation answers the same secret', ev({}, { newSecret: secret }), {
        fail: 'answered the same signing_secret again',
      }),
      row('webhook-secret-not-readable', 'the test event did not arrive', ev({}, { delivery: undefined }), 'skip'),
      row('webhook-secret-not-readable', 'the test event verifies with neither secret', ev({}, { delivery: flip(afterRotation) }), 'skip'),
      row('webhook-secret-not-readable', 'no rotation documented: the reads alone', ev({ rotation: undefined }), 'pass'),
    ];
  })(),
];

describe('webhook verdicts', () => {
  verdictTable(rows);

  it('has a failing row and a passing row for every webhook verdict', () => {
    const ids = [...new Set(rows.map((r) => r.check))];
    expect(ids).toHaveLength(9);
    for (const id of ids) {
      expect(checkById(id), id).toBeDefined();
      expect(failingChecks(rows), id).toContain(id);
      expect(
        rows.some((r) => r.check === id && r.want === 'pass'),
        id,
      ).toBe(true);
    }
  });
});
