import { describe, expect, it } from 'vitest';
import type { Step } from '../testing/examples.js';
import { examplePairTests } from '../testing/tables.js';
import { World } from '../testing/world.js';

const CAMPAIGN = 'cmp_6Tz1Qp8Lm3Wx7Rk2Nv9Hd5';
const EMPTY = 'cmp_1Hd5Nv9Rk2Tz7Qp3Lm8Wx4';
const DRAFT: Step[] = ['createAgent:created', 'createContact:contact', 'createCampaign:campaign'];
const WITH_CONTACT: Step[] = [...DRAFT, 'addCampaignContacts:add-contacts'];
const RUNNING: Step[] = [...WITH_CONTACT, 'startCampaign:started'];
const EMPTY_DRAFT: Step[] = ['createAgent:created', 'createCampaign:empty-campaign'];
const TEST_CAMPAIGN = 'cmp_3Kz8Wq5Nv1Bh7Rt4Xp9Lm6';
const TEST_DRAFT: Step[] = ['createAgent:created', 'createContact:test-answers', 'createCampaign:test-completes'];
const TEST_WITH_CONTACT: Step[] = [...TEST_DRAFT, 'addCampaignContacts:test-completes'];

const examples: { given: Step[]; want: Step }[] = [
  { given: ['createAgent:created'], want: 'createCampaign:campaign' },
  { given: ['createAgent:created'], want: 'createCampaign:empty-campaign' },
  { given: [], want: 'createCampaign:not-found' },
  { given: RUNNING, want: 'getCampaign:campaign' },
  { given: [], want: 'getCampaign:not-found' },
  { given: [...RUNNING, 'createCampaign:empty-campaign'], want: 'listCampaigns:campaigns-page' },
  { given: EMPTY_DRAFT, want: 'updateCampaign:update' },
  { given: RUNNING, want: 'updateCampaign:conflict' },
  { given: [], want: 'updateCampaign:not-found' },
  { given: EMPTY_DRAFT, want: 'deleteCampaign:deleted' },
  { given: RUNNING, want: 'deleteCampaign:conflict' },
  { given: [], want: 'deleteCampaign:not-found' },
  { given: DRAFT, want: 'addCampaignContacts:add-contacts' },
  { given: ['createContact:contact'], want: 'addCampaignContacts:not-found' },
  { given: WITH_CONTACT, want: 'startCampaign:started' },
  { given: ['createAgent:created'], want: 'createCampaign:test-completes' },
  { given: TEST_DRAFT, want: 'addCampaignContacts:test-completes' },
  { given: TEST_WITH_CONTACT, want: 'startCampaign:test-completes' },
  { given: EMPTY_DRAFT, want: 'startCampaign:conflict' },
  { given: [], want: 'startCampaign:not-found' },
  { given: RUNNING, want: 'pauseCampaign:paused' },
  { given: EMPTY_DRAFT, want: 'pauseCampaign:conflict' },
  { given: [], want: 'pauseCampaign:not-found' },
];
const schemaRejected: Step[] = [
  'createCampaign:validation-error',
  'listCampaigns:validation-error',
  'updateCampaign:validation-error',
  'addCampaignContacts:validation-error',
];

describe('Campaigns: documented example pairs', () => {
  examplePairTests(
    [
      'listCampaigns',
      'createCampaign',
      'getCampaign',
      'updateCampaign',
      'deleteCampaign',
      'addCampaignContacts',
      'startCampaign',
      'pauseCampaign',
    ],
    examples,
    schemaRejected,
  );
});

const id = (w: World, canonical: string) => ({ campaign_id: w.ids.get(canonical) ?? canonical });
const setStatus = (w: World, canonical: string, status: string) =>
  w.stores.resources.put(w.accountId, 'campaign', { ...w.doc('campaign', canonical), status });

describe('Campaigns: state transitions', () => {
  // given: steps (and an optional status forced on the canonical campaign); want: status (+ code).
  const cases: { name: string; given: Step[]; force?: string; op: string; body?: object; want: number; status?: string }[] = [
    { name: 'start a running campaign: unchanged', given: RUNNING, op: 'startCampaign', want: 200, status: 'running' },
    { name: 'resume a paused campaign', given: [...RUNNING, 'pauseCampaign:paused'], op: 'startCampaign', want: 200, status: 'running' },
    { name: 'start a completed campaign', given: RUNNING, force: 'completed', op: 'startCampaign', want: 409 },
    { name: 'pause a paused campaign', given: [...RUNNING, 'pauseCampaign:paused'], op: 'pauseCampaign', want: 409 },
    { name: 'pause a completed campaign', given: RUNNING, force: 'completed', op: 'pauseCampaign', want: 409 },
    {
      name: 'update a paused campaign',
      given: [...RUNNING, 'pauseCampaign:paused'],
      op: 'updateCampaign',
      body: { name: 'Renamed' },
      want: 200,
      status: 'paused',
    },
    { name: 'update a completed campaign', given: RUNNING, force: 'completed', op: 'updateCampaign', body: { name: 'Renamed' }, want: 409 },
    { name: 'delete a paused campaign', given: [...RUNNING, 'pauseCampaign:paused'], op: 'deleteCampaign', want: 200 },
    { name: 'delete a completed campaign', given: RUNNING, force: 'completed', op: 'deleteCampaign', want: 200 },
  ];

  it.each(cases)('$name → $want', ({ given, force, op, body, want, status }) => {
    const w = new World().given(...given);
    if (force) setStatus(w, CAMPAIGN, force);
    const outcome = w.call(op, { path: id(w, CAMPAIGN), body });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(want);
    if (want === 409) expect(outcome.body.code).toBe('CONFLICT');
    if (status) expect(outcome.body.status).toBe(status);
  });

  it('keeps started_at from the first start when resumed, and changes nothing when already running', () => {
    const w = new World().given(...RUNNING);
    const started = w.call('getCampaign', { path: id(w, CAMPAIGN) }).body;
    expect(w.call('startCampaign', { path: id(w, CAMPAIGN) }).body).toEqual(started);
    w.given('pauseCampaign:paused');
    const resumed = w.call('startCampaign', { path: id(w, CAMPAIGN) }).body;
    expect(resumed.started_at).toBe(started.started_at);
    expect(resumed.updated_at).not.toBe(started.updated_at);
  });

  it('refuses to start a campaign whose agent was deleted (409)', () => {
    const w = new World().given(...WITH_CONTACT);
    expect(w.call('deleteAgent', { path: { agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6') } }).status).toBe(200);
    expect(w.call('startCampaign', { path: id(w, CAMPAIGN) }).status).toBe(409);
  });

  it('never returns its internal contact list', () => {
    const w = new World().given(...RUNNING);
    expect(w.doc('campaign', CAMPAIGN)._contact_ids).toEqual([w.ids.get('ctc_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6')]);
    for (const body of [w.call('getCampaign', { path: id(w, CAMPAIGN) }).body, w.call('listCampaigns').body.data[0]]) {
      expect(Object.keys(body).some((k) => k.startsWith('_'))).toBe(false);
    }
  });
});

describe('Campaigns: contacts', () => {
  it('counts contacts already present, and adds nothing when one id is unknown', () => {
    const w = new World().given(...WITH_CONTACT);
    const contact = w.ids.get('ctc_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6')!;
    const second = w.call('createContact', { body: { phone_number: '+14155550199' } }).body.id;
    const add = (ids: string[]) => w.call('addCampaignContacts', { path: id(w, CAMPAIGN), body: { contact_ids: ids } });
    expect(add([contact, 'ctc_0000000000000000000000']).status).toBe(404);
    expect(w.doc('campaign', CAMPAIGN).contact_count).toBe(1);
    expect(add([contact, second]).body).toMatchObject({ added: 1, already_present: 1, contact_count: 2 });
    expect(w.doc('campaign', CAMPAIGN).stats.queued).toBe(2);
  });

  it('lets contacts join the queue of a running campaign', () => {
    const w = new World().given(...RUNNING);
    const extra = w.call('createContact', { body: { phone_number: '+14155550199' } }).body.id;
    w.call('addCampaignContacts', { path: id(w, CAMPAIGN), body: { contact_ids: [extra] } });
    expect(w.call('getCampaign', { path: id(w, CAMPAIGN) }).body).toMatchObject({
      status: 'running',
      contact_count: 2,
      stats: { queued: 2 },
    });
  });

  it("keeps another account's contacts out (404)", () => {
    const w = new World().given(...DRAFT);
    const other = w.addAccount();
    const foreign = w.call('createContact', { body: { phone_number: '+14155550177' } }, { account: other }).body.id;
    expect(w.call('addCampaignContacts', { path: id(w, CAMPAIGN), body: { contact_ids: [foreign] } }).status).toBe(404);
  });
});

describe('Campaigns: field rules the schema cannot express', () => {
  const window = (start: string, end: string, timezone = 'UTC') => ({ timezone, window_start: start, window_end: end, days: ['mon'] });
  const cases: { name: string; body: Record<string, unknown>; want: number; fields?: string[] }[] = [
    { name: 'a from that is not the account’s', body: { from: '+14155559999' }, want: 422, fields: ['body.from'] },
    {
      name: 'an unknown time zone',
      body: { schedule: window('09:00', '17:00', 'Mars/Olympus') },
      want: 422,
      fields: ['body.schedule.timezone'],
    },
    {
      name: 'a window that ends before it starts',
      body: { schedule: window('17:00', '09:00') },
      want: 422,
      fields: ['body.schedule.window_end'],
    },
    { name: 'an empty window', body: { schedule: window('09:00', '09:00') }, want: 422, fields: ['body.schedule.window_end'] },
    { name: 'an unknown agent', body: { agent_id: 'agt_0000000000000000000000' }, want: 404 },
    { name: 'a real time zone', body: { schedule: window('08:30', '20:00', 'Europe/Paris') }, want: 201 },
  ];
  const base = (w: World) => ({ name: 'Recall', agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6'), from: '+14155550100' });

  it.each(cases)('create with $name → $want', ({ body, want, fields }) => {
    const w = new World().given('createAgent:created');
    const outcome = w.call('createCampaign', { body: { ...base(w), ...body } });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(want);
    if (fields) expect(outcome.body.errors.map((e: any) => e.field)).toEqual(fields);
  });

  it.each(cases.filter((c) => c.want !== 201))('update with $name → $want', ({ body, want, fields }) => {
    const w = new World().given(...EMPTY_DRAFT);
    const outcome = w.call('updateCampaign', { path: id(w, EMPTY), body });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(want);
    if (fields) expect(outcome.body.errors.map((e: any) => e.field)).toEqual(fields);
  });
});

describe('Campaigns: test mode completes a campaign of answering test contacts', () => {
  const events = (w: World) =>
    w.stores.resources.all<{ type: string; data: { object: { id: string; status: string } } }>(w.accountId, 'event');
  const completions = (w: World) => events(w).filter((e) => e.type === 'campaign.completed');
  /** Events are recorded per subscribed endpoint: one that takes campaign.completed. */
  const subscribed = (w: World) => {
    const made = w.call('createWebhook', { body: { url: 'https://hooks.acme.example/campaigns', events: ['campaign.completed'] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return w;
  };

  it('starts a campaign whose contacts all answer straight into completed, and emits campaign.completed once', () => {
    const w = subscribed(new World().given(...TEST_WITH_CONTACT));
    const started = w.call('startCampaign', { path: id(w, TEST_CAMPAIGN) });
    expect(started.body).toMatchObject({ status: 'completed', stats: { queued: 0, called: 1, answered: 1, failed: 0 } });
    expect(completions(w).map((e) => e.data.object)).toEqual([started.body]);
    expect(w.call('startCampaign', { path: id(w, TEST_CAMPAIGN) }).status).toBe(409);
    expect(completions(w)).toHaveLength(1);
  });

  it('keeps a campaign running while any other contact is queued; the last answering contact added completes it', () => {
    const w = subscribed(new World().given(...TEST_DRAFT, 'createContact:contact'));
    const add = (canonical: string) =>
      w.call('addCampaignContacts', { path: id(w, TEST_CAMPAIGN), body: { contact_ids: [w.ids.get(canonical)] } });
    add('ctc_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6');
    expect(w.call('startCampaign', { path: id(w, TEST_CAMPAIGN) }).body).toMatchObject({ status: 'running', stats: { queued: 1 } });
    add('ctc_5Hb8Tz2Qm6Wx9Lp3Rk7Nv4');
    expect(w.call('getCampaign', { path: id(w, TEST_CAMPAIGN) }).body).toMatchObject({
      status: 'running',
      contact_count: 2,
      stats: { queued: 1, called: 1, answered: 1 },
    });
    expect(completions(w)).toEqual([]);

    const only = new World().given(...TEST_DRAFT);
    const contact = only.ids.get('ctc_5Hb8Tz2Qm6Wx9Lp3Rk7Nv4');
    const other = only.call('createContact', { body: { phone_number: '+14155550199' } }).body.id;
    only.call('addCampaignContacts', { path: id(only, TEST_CAMPAIGN), body: { contact_ids: [other] } });
    only.call('startCampaign', { path: id(only, TEST_CAMPAIGN) });
    only.call('pauseCampaign', { path: id(only, TEST_CAMPAIGN) });
    only.call('deleteContact', { path: { contact_id: other } });
    expect(only.call('addCampaignContacts', { path: id(only, TEST_CAMPAIGN), body: { contact_ids: [contact] } }).status).toBe(200);
    // Paused: nobody is called until it runs again.
    expect(only.call('getCampaign', { path: id(only, TEST_CAMPAIGN) }).body).toMatchObject({ status: 'paused', stats: { called: 0 } });
  });

  it('does not call the answering number from a draft, nor with a live key', () => {
    const w = subscribed(new World().given(...TEST_WITH_CONTACT));
    expect(w.call('getCampaign', { path: id(w, TEST_CAMPAIGN) }).body).toMatchObject({ status: 'draft', stats: { queued: 1, called: 0 } });
    const live = w.call('startCampaign', { path: id(w, TEST_CAMPAIGN) }, { mode: 'live' });
    expect(live.body).toMatchObject({ status: 'running', stats: { queued: 1, called: 0 } });
    expect(completions(w)).toEqual([]);
  });
});
