import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../testing/examples.js';
import { examplePairTests } from '../testing/tables.js';
import { type AccountOptions, World } from '../testing/world.js';

const AGENT = 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6';
const CALL = 'call_4kP9xR2mT7vQ1sZ8nB3wLd';
const BUSY_CALL = 'call_9Tz3Lm8Qp2Wx6Rk1Nv7Hd4';
const OUTBOUND: Step[] = ['createAgent:created', 'triggerCall:outbound-call'];
const BUSY: Step[] = ['createAgent:created', 'triggerCall:busy-call'];

const examples: { given: Step[]; want: Step }[] = [
  { given: ['createAgent:created'], want: 'triggerCall:outbound-call' },
  { given: ['createAgent:created'], want: 'triggerCall:busy-call' },
  // Magic numbers answer first, whatever else the request says.
  { given: [], want: 'triggerCall:insufficient-balance' },
  { given: [], want: 'triggerCall:spend-cap-exceeded' },
  { given: [], want: 'triggerCall:upstream-error' },
  { given: [], want: 'triggerCall:not-found' },
  { given: OUTBOUND, want: 'getCall:active-call' },
  { given: [], want: 'getCall:not-found' },
  { given: OUTBOUND, want: 'listCalls:calls-page' },
  { given: OUTBOUND, want: 'hangupCall:hung-up' },
  { given: BUSY, want: 'hangupCall:conflict' },
  { given: [], want: 'hangupCall:not-found' },
  { given: OUTBOUND, want: 'sendCallCommand:say' },
  { given: BUSY, want: 'sendCallCommand:conflict' },
  { given: [], want: 'sendCallCommand:not-found' },
];
const schemaRejected: Step[] = ['triggerCall:validation-error', 'listCalls:validation-error', 'sendCallCommand:validation-error'];

describe('Calls: documented example pairs', () => {
  examplePairTests(['triggerCall', 'listCalls', 'getCall', 'hangupCall', 'sendCallCommand'], examples, schemaRejected);
});

const trigger = (w: World, body: Record<string, unknown> = {}, mode: 'live' | 'test' = 'test') =>
  w.call('triggerCall', { body: { agent_id: w.ids.get(AGENT), to: '+14155550123', ...body } }, { mode });
const byId = (id: string, extra: Record<string, unknown> = {}) => ({ path: { call_id: id }, ...extra });

describe('Calls: lifecycle', () => {
  it('is queued when created, in_progress from the next access, completed when hung up', () => {
    const w = new World().given('createAgent:created');
    const created = trigger(w).body;
    expect(created).toMatchObject({ status: 'queued', answered_at: null, from: '+14155550100' });
    expect(w.doc('call', created.id).status).toBe('queued');
    const read = w.call('getCall', byId(created.id)).body;
    expect(read).toMatchObject({ status: 'in_progress', end_reason: null, ended_at: null });
    expect(read.answered_at).not.toBeNull();
    w.advance(40_000);
    const ended = w.call('hangupCall', byId(created.id)).body;
    expect(ended).toMatchObject({ status: 'completed', end_reason: 'hangup', duration_seconds: 45 });
    expect(w.emitted).toEqual([{ type: 'call.completed', object: ended }]);
    expect(w.call('hangupCall', byId(created.id)).status).toBe(409);
    expect(w.call('sendCallCommand', byId(created.id, { body: { type: 'mute' } })).status).toBe(409);
  });

  it('fails the busy test number on the first later access, emitting call.failed once', () => {
    const w = new World().given(...BUSY);
    const id = w.ids.get(BUSY_CALL)!;
    const read = w.call('listCalls').body.data[0];
    expect(read).toMatchObject({ id, status: 'failed', end_reason: 'busy', answered_at: null, duration_seconds: 0 });
    w.call('getCall', byId(id));
    expect(w.emitted.map((e) => e.type)).toEqual(['call.failed']);
    expect(w.emitted[0].object).not.toHaveProperty('_mode');
  });

  it('filters the list on the advanced status', () => {
    const w = new World().given(...OUTBOUND);
    expect(w.call('listCalls', { query: { status: 'queued' } }).body.data).toEqual([]);
    expect(w.call('listCalls', { query: { status: 'in_progress' } }).body.data).toHaveLength(1);
  });

  it('records accepted commands', () => {
    const w = new World().given(...OUTBOUND, 'sendCallCommand:say');
    const [command] = w.stores.resources.all<any>(w.accountId, 'call_command');
    expect(command).toMatchObject({ object: 'call_command', call_id: w.ids.get(CALL), type: 'say', status: 'accepted' });
  });

  it("keeps another account's call out of reach (404)", () => {
    const w = new World().given(...OUTBOUND);
    const other = w.addAccount();
    for (const op of ['getCall', 'hangupCall']) expect(w.call(op, byId(w.ids.get(CALL)!), { account: other }).status).toBe(404);
  });
});

describe('Calls: refusals', () => {
  const cases: {
    name: string;
    given?: (w: World) => void;
    body: (w: World) => Record<string, unknown>;
    want: number;
    code: string;
    field?: string;
  }[] = [
    {
      name: 'a from that is not the account’s',
      body: () => ({ from: '+14155559999' }),
      want: 422,
      code: 'VALIDATION_ERROR',
      field: 'body.from',
    },
    {
      name: 'no default from when no number is active',
      given: (w) => w.stores.resources.put(w.accountId, 'number', { ...w.doc('number', 'num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1'), status: 'released' }),
      body: () => ({}),
      want: 422,
      code: 'VALIDATION_ERROR',
      field: 'body.from',
    },
    {
      name: 'an inactive agent',
      given: (w) => w.call('updateAgent', { path: { agent_id: w.ids.get(AGENT) }, body: { status: 'inactive' } }),
      body: () => ({}),
      want: 422,
      code: 'VALIDATION_ERROR',
      field: 'body.agent_id',
    },
  ];

  it.each(cases)('$name → $want', ({ given, body, want, code, field }) => {
    const w = new World().given('createAgent:created');
    given?.(w);
    const outcome = trigger(w, body(w));
    expect(outcome.status).toBe(want);
    expect(outcome.body.code).toBe(code);
    if (field) expect(outcome.body.errors.map((e: any) => e.field)).toEqual([field]);
    expect(w.stores.resources.all(w.accountId, 'call')).toEqual([]);
  });

  const commands: { body: Record<string, unknown>; fields: string[] }[] = [
    { body: { type: 'say' }, fields: ['body.text'] },
    { body: { type: 'transfer', text: 'hi' }, fields: ['body.to', 'body.text'] },
    { body: { type: 'dtmf' }, fields: ['body.digits'] },
    { body: { type: 'mute', digits: '1' }, fields: ['body.digits'] },
  ];
  it.each(commands)('command $body → 422 on $fields', ({ body, fields }) => {
    const w = new World().given(...OUTBOUND);
    const outcome = w.call('sendCallCommand', byId(w.ids.get(CALL)!, { body }));
    expect(outcome.status).toBe(422);
    expect(outcome.body.errors.map((e: any) => e.field)).toEqual(fields);
  });
});

describe('Calls: concurrency limit', () => {
  const scale = process.env.STUB_LIMIT_SCALE;
  afterEach(() => {
    if (scale === undefined) delete process.env.STUB_LIMIT_SCALE;
    else process.env.STUB_LIMIT_SCALE = scale;
  });

  const cases: { scale?: string; limit: number }[] = [{ limit: 5 }, { scale: '2', limit: 10 }, { scale: 'nonsense', limit: 5 }];
  it.each(cases)('admits $limit active calls with STUB_LIMIT_SCALE=$scale, then 429 with Retry-After', ({ scale, limit }) => {
    if (scale === undefined) delete process.env.STUB_LIMIT_SCALE;
    else process.env.STUB_LIMIT_SCALE = scale;
    const w = new World().given('createAgent:created');
    const ids = Array.from({ length: limit }, () => trigger(w)).map((o) => {
      expect(o.status).toBe(201);
      return o.body.id;
    });
    const refused = trigger(w);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('CONCURRENCY_LIMIT');
    expect(Number(refused.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(w.stores.resources.all(w.accountId, 'call')).toHaveLength(limit);
    // A call that ends stops counting at once.
    expect(w.call('hangupCall', byId(ids[0])).status).toBe(200);
    expect(trigger(w).status).toBe(201);
  });

  it('does not count a failed (busy) call', () => {
    const w = new World().given('createAgent:created');
    for (let i = 0; i < 4; i++) trigger(w);
    trigger(w, { to: '+15005550009' });
    expect(trigger(w).status).toBe(201); // the busy call failed on this access, leaving room
    expect(trigger(w).status).toBe(429);
  });

  it("counts per account: another account's calls leave room", () => {
    const w = new World().given('createAgent:created');
    for (let i = 0; i < 5; i++) trigger(w);
    const other = w.addAccount();
    const agent = w.call('createAgent', { body: { name: 'Other', prompt: 'p' } }, { account: other }).body;
    expect(w.call('triggerCall', { body: { agent_id: agent.id, to: '+14155550123' } }, { account: other }).status).toBe(201);
  });
});

describe('Calls: charging', () => {
  it('never charges a test call', () => {
    const w = new World().given(...OUTBOUND, 'getCall:active-call', 'hangupCall:hung-up');
    expect(w.account().balance.amount).toBe(2500);
    expect(w.stores.resources.all(w.accountId, 'usage')).toEqual([]);
  });

  it('bills a live call per started minute when it ends', () => {
    const w = new World().given('createAgent:created');
    const call = trigger(w, {}, 'live').body;
    w.call('getCall', byId(call.id), { mode: 'live' }); // answered
    w.advance(60_000);
    const ended = w.call('hangupCall', byId(call.id), { mode: 'live' }).body;
    expect(ended.duration_seconds).toBe(65);
    const [usage] = w.stores.resources.all<any>(w.accountId, 'usage');
    expect(usage).toMatchObject({
      type: 'call',
      quantity: 2,
      unit: 'minute',
      resource_id: call.id,
      amount: { amount: 18, currency: 'USD' },
    });
    expect(w.account().balance.amount).toBe(2500 - 18);
    expect(w.account().monthly_spend.amount).toBe(18);
  });

  it('bills by the mode of the key that placed the call, not the one that ends it', () => {
    const w = new World().given('createAgent:created');
    const call = trigger(w, {}, 'live').body;
    w.call('hangupCall', byId(call.id), { mode: 'test' });
    expect(w.account().balance.amount).toBe(2500 - 9);
  });

  const refusals: { name: string; account: AccountOptions; status: number; code: string }[] = [
    { name: 'an empty balance', account: { balance: 0 }, status: 402, code: 'INSUFFICIENT_BALANCE' },
    { name: 'a reached spend cap', account: { monthlySpend: 1000, spendCap: 1000 }, status: 403, code: 'SPEND_CAP_EXCEEDED' },
  ];
  it.each(refusals)('refuses a live call on $name before placing it', ({ account, status, code }) => {
    const w = new World(account).given('createAgent:created');
    const outcome = trigger(w, {}, 'live');
    expect([outcome.status, outcome.body.code]).toEqual([status, code]);
    expect(w.stores.resources.all(w.accountId, 'call')).toEqual([]);
  });

  it('ignores magic numbers with a live key', () => {
    const w = new World().given('createAgent:created');
    expect(trigger(w, { to: '+15005550001' }, 'live').status).toBe(201);
  });
});
