import { describe, expect, it } from 'vitest';
import { thrown, validateComponent } from '../testing/assert.js';
import type { Scenario } from '../testing/examples.js';
import { scenarioTests } from '../testing/tables.js';
import { input, World } from '../testing/world.js';
import { messageHandlers } from './messages.js';
import { recordedEvents, webhookHandlers } from './webhooks.js';

const OPS = ['sendMessage', 'getMessage', 'listMessages'];
const BODY = 'Your appointment at Acme Dental is confirmed for Tuesday at 10 am.';

// given: the example pairs replayed in order on a fresh account; want: each answer as documented.
const table: Scenario[] = [
  { given: 'an SMS, read once', steps: ['sendMessage:sms', 'getMessage:delivered-message'] },
  { given: 'an SMS, listed', steps: ['sendMessage:sms', 'listMessages:messages-page'] },
  { given: 'an SMS to +15005550009, read once', steps: ['sendMessage:failed-message', 'getMessage:failed-message'] },
  { given: 'the 402 test number', steps: ['sendMessage:insufficient-balance'] },
  { given: 'the 403 test number', steps: ['sendMessage:spend-cap-exceeded'] },
  { given: 'the 502 test number', steps: ['sendMessage:upstream-error'] },
  { given: 'a number that is not E.164', steps: ['sendMessage:validation-error'] },
  { given: 'an unknown message id', steps: ['getMessage:not-found'] },
  { given: 'a page size above 100', steps: ['listMessages:validation-error'] },
];

describe('Messages: documented example pairs', () => {
  scenarioTests(OPS, table);
});

const send = (world: World, body: Record<string, unknown>, mode: 'live' | 'test' = 'test', accountId?: string) =>
  messageHandlers.sendMessage(input({ body: { body: BODY, ...body } }), world.ctx({ mode, account: accountId }));
const get = (world: World, id: string, accountId?: string) =>
  messageHandlers.getMessage(input({ path: { message_id: id } }), world.ctx({ account: accountId }));
const list = (world: World, query: Record<string, unknown> = {}) => messageHandlers.listMessages(input({ query }), world.ctx());
const subscribe = (world: World, events: string[]) =>
  webhookHandlers.createWebhook(input({ body: { url: `https://hooks.acme.example/${events.join('-')}`, events } }), world.ctx());

describe('Messages: lifecycle and webhooks', () => {
  // given: a recipient; want: the status on the first read, the webhook it records, its error_code.
  const outcomes = [
    { to: '+14155550123', status: 'delivered', event: 'message.delivered', schema: 'MessageDeliveredEvent', error_code: null },
    { to: '+15005550009', status: 'failed', event: 'message.failed', schema: 'MessageFailedEvent', error_code: 'unreachable' },
  ];

  it.each(outcomes)('$to: queued when sent, $status from the first read, one $event', async ({ to, status, event, schema, error_code }) => {
    const world = new World();
    const endpoint = (await subscribe(world, ['message.delivered', 'message.failed'])).body;
    const sent = (await send(world, { to })).body;
    expect(sent).toMatchObject({ status: 'queued', price: null, sent_at: null, delivered_at: null });
    expect(recordedEvents(world.stores, world.account().id)).toEqual([]);

    world.advance(3000);
    const read = (await get(world, sent.id)).body;
    expect(read).toMatchObject({ status, error_code });
    expect(read.price).toEqual(status === 'delivered' ? { amount: 0, currency: 'USD' } : null);
    expect((await get(world, sent.id)).body).toEqual(read); // persisted, and not advanced twice

    const events = recordedEvents(world.stores, world.account().id);
    expect(events.map((e) => e.type)).toEqual([event]);
    const { _delivery, ...envelope } = events[0];
    expect(validateComponent(schema, envelope)).toEqual([]);
    expect(envelope.data.object).toEqual(read);
    expect(JSON.parse(_delivery.body)).toEqual(envelope);
    expect(world.stores.deliveries.getAttempt(world.account().id, _delivery.attempt_id)).toMatchObject({
      endpointId: endpoint.id,
      eventId: envelope.id,
      body: _delivery.body,
    });
  });

  it('a list is an access too: queued messages settle before the status filter applies', async () => {
    const world = new World();
    await send(world, { to: '+14155550123' });
    await send(world, { to: '+15005550009' });
    expect((await list(world, { status: 'queued' })).body.data).toEqual([]);
    expect((await list(world, { status: 'failed' })).body.data.map((m) => m.to)).toEqual(['+15005550009']);
    expect((await list(world, { to: '+14155550123' })).body.data.map((m) => m.status)).toEqual(['delivered']);
  });

  it('lists newest first, a page at a time', async () => {
    const world = new World();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await send(world, { to: '+14155550123' })).body.id);
    const first = (await list(world, { limit: 2 })).body;
    expect(first).toMatchObject({ has_more: true, next_cursor: ids[1] });
    expect(first.data.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    const second = (await list(world, { limit: 2, starting_after: first.next_cursor })).body;
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    expect(second.data.map((m) => m.id)).toEqual([ids[0]]);
  });

  it("another account's message is not found (404, not 403)", async () => {
    const world = new World();
    const other = world.addAccount();
    const sent = (await send(world, { to: '+14155550123' })).body;
    expect((await thrown(() => get(world, sent.id, other))).code).toBe('NOT_FOUND');
  });
});

describe('Messages: from, segments and charges', () => {
  // given: a `from`; want: the number used or the 422 field.
  const froms = [
    { given: undefined, want: '+14155550100' },
    { given: '+14155550100', want: '+14155550100' },
    { given: '+14155550199', want: 'body.from' },
  ];
  it.each(froms)('from $given → $want', async ({ given, want }) => {
    const world = new World();
    if (want.startsWith('+')) expect((await send(world, { to: '+14155550123', from: given })).body.from).toBe(want);
    else expect((await thrown(() => send(world, { to: '+14155550123', from: given }))).extra.errors?.[0].field).toBe(want);
  });

  it('a released number cannot send', async () => {
    const world = new World();
    const [number] = world.stores.resources.all<any>(world.account().id, 'number');
    world.stores.resources.put(world.account().id, 'number', { ...number, status: 'released' });
    expect((await thrown(() => send(world, { to: '+14155550123' }))).extra.errors?.[0].field).toBe('body.from');
  });

  // given: a body; want: its segments (1600 characters, the body's maxLength, fit the spec's maximum of 24).
  const bodies = [
    { given: 'a'.repeat(160), want: 1 },
    { given: 'a'.repeat(161), want: 2 },
    { given: 'a'.repeat(1600), want: 11 },
    { given: 'é'.repeat(70), want: 1 }, // é is GSM-7
    { given: 'ł'.repeat(70), want: 1 }, // ł is not: UCS-2
    { given: 'ł'.repeat(71), want: 2 },
    { given: 'ł'.repeat(738), want: 12 },
    { given: 'ł'.repeat(1600), want: 24 },
  ];
  it.each(bodies)('a body of $given.length characters → $want', async ({ given, want }) => {
    const world = new World();
    expect((await send(world, { to: '+14155550123', body: given })).body.segments).toBe(want);
  });

  it('test mode charges nothing and records no usage', async () => {
    const world = new World({ balance: 0 });
    await send(world, { to: '+14155550123', body: 'a'.repeat(300) });
    expect(world.account().balance.amount).toBe(0);
    expect(world.stores.resources.all(world.account().id, 'usage')).toEqual([]);
  });

  it('live mode charges per segment with a usage record, and prices the delivered message', async () => {
    const world = new World({ balance: 100 });
    const sent = (await send(world, { to: '+15005550001', body: 'a'.repeat(300) }, 'live')).body; // magic numbers are test-only
    expect(sent.segments).toBe(2);
    expect(world.account().balance.amount).toBe(98);
    expect(world.account().monthly_spend.amount).toBe(2);
    expect(world.stores.resources.all(world.account().id, 'usage')).toEqual([
      expect.objectContaining({ type: 'sms', quantity: 2, resource_id: sent.id, amount: { amount: 2, currency: 'USD' } }),
    ]);
    expect((await get(world, sent.id)).body).toMatchObject({ status: 'delivered', price: { amount: 2, currency: 'USD' } });
  });

  // given: a live account; want: the refusal, and nothing stored or charged.
  const refusals = [
    { given: 'a balance below the price', account: { balance: 1 }, want: 'INSUFFICIENT_BALANCE' },
    { given: 'a spend cap it would pass', account: { balance: 100, spendCap: 10, monthlySpend: 9 }, want: 'SPEND_CAP_EXCEEDED' },
  ];
  it.each(refusals)('live, $given → $want', async ({ account, want }) => {
    const world = new World(account);
    expect((await thrown(() => send(world, { to: '+14155550123', body: 'a'.repeat(300) }, 'live'))).code).toBe(want);
    expect(world.stores.resources.all(world.account().id, 'message')).toEqual([]);
    expect(world.account().balance.amount).toBe(account.balance);
  });
});
