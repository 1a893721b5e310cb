import { describe, expect, it } from 'vitest';
import type { Step } from '../testing/examples.js';
import { examplePairTests } from '../testing/tables.js';
import { World } from '../testing/world.js';

const NUMBER = 'num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1';
const RUNNING_CAMPAIGN: Step[] = [
  'createAgent:created',
  'createContact:contact',
  'createCampaign:campaign',
  'addCampaignContacts:add-contacts',
  'startCampaign:started',
];

// Every documented example pair of the Agents operations: the state it needs, then the pair.
const examples: { given: Step[]; want: Step }[] = [
  { given: [], want: 'createAgent:created' },
  { given: ['createAgent:created'], want: 'createAgent:conflict' },
  { given: [], want: 'createAgent:not-found' },
  { given: ['createAgent:created'], want: 'getAgent:agent' },
  { given: [], want: 'getAgent:not-found' },
  { given: ['createAgent:created'], want: 'listAgents:agents-page' },
  { given: ['createAgent:created'], want: 'listAgents:active-agents' },
  { given: ['createAgent:created'], want: 'exportAgent:export' },
  { given: [], want: 'exportAgent:not-found' },
  { given: [], want: 'importAgent:imported' },
  { given: ['createAgent:created'], want: 'importAgent:conflict' },
  { given: ['createAgent:created'], want: 'updateAgent:updated' },
  { given: ['createAgent:created', 'importAgent:imported'], want: 'updateAgent:conflict' },
  { given: [], want: 'updateAgent:not-found' },
  { given: ['createAgent:created', 'importAgent:imported'], want: 'deleteAgent:deleted' },
  { given: [], want: 'deleteAgent:not-found' },
  { given: RUNNING_CAMPAIGN, want: 'deleteAgent:conflict' },
];
// Invalid on purpose: the pipeline's request validation answers them before any handler runs.
const schemaRejected: Step[] = [
  'listAgents:validation-error',
  'createAgent:validation-error',
  'importAgent:validation-error',
  'updateAgent:validation-error',
];

describe('Agents: documented example pairs', () => {
  examplePairTests(
    ['listAgents', 'createAgent', 'getAgent', 'updateAgent', 'deleteAgent', 'exportAgent', 'importAgent'],
    examples,
    schemaRejected,
  );
});

const agent = (name: string, extra: Record<string, unknown> = {}) => ({ body: { name, prompt: 'You help.', ...extra } });

describe('Agents: names and numbers', () => {
  const cases: { name: string; given: (w: World) => void; act: (w: World) => ReturnType<World['call']>; want: number; code?: string }[] = [
    {
      name: 'a number another agent holds is a 409 on create',
      given: (w) => w.given('createAgent:created'),
      act: (w) => w.call('createAgent', agent('Second', { phone_number_id: w.ids.get(NUMBER) })),
      want: 409,
      code: 'CONFLICT',
    },
    {
      name: 'a number another agent holds is a 409 on update',
      given: (w) => w.given('createAgent:created', 'importAgent:imported'),
      act: (w) =>
        w.call('updateAgent', {
          path: { agent_id: w.ids.get('agt_8Hd3Wq6Lp1Xm9Rz4Tk7Nb2') },
          body: { phone_number_id: w.ids.get(NUMBER) },
        }),
      want: 409,
      code: 'CONFLICT',
    },
    {
      name: 'a released number is a 409',
      given: (w) => w.stores.resources.put(w.accountId, 'number', { ...w.doc('number', NUMBER), status: 'released' }),
      act: (w) => w.call('createAgent', agent('Second', { phone_number_id: w.ids.get(NUMBER) })),
      want: 409,
      code: 'CONFLICT',
    },
    {
      name: 'an unknown number is a 404 on update',
      given: (w) => w.given('createAgent:created'),
      act: (w) =>
        w.call('updateAgent', {
          path: { agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6') },
          body: { phone_number_id: 'num_0000000000000000000000' },
        }),
      want: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'names match exactly: another case is another name',
      given: (w) => w.given('createAgent:created'),
      act: (w) => w.call('createAgent', agent('appointment reminder')),
      want: 201,
    },
    {
      name: 'keeping its own name and number is no conflict',
      given: (w) => w.given('createAgent:created'),
      act: (w) =>
        w.call('updateAgent', {
          path: { agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6') },
          body: { name: 'Appointment reminder', phone_number_id: w.ids.get(NUMBER) },
        }),
      want: 200,
    },
    {
      name: 'an agent of a paused campaign can be deleted',
      given: (w) => w.given(...RUNNING_CAMPAIGN, 'pauseCampaign:paused'),
      act: (w) => w.call('deleteAgent', { path: { agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6') } }),
      want: 200,
    },
    {
      name: "another account's agent is a 404",
      given: (w) => w.given('createAgent:created'),
      act: (w) => w.call('getAgent', { path: { agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6') } }, { account: w.addAccount() }),
      want: 404,
      code: 'NOT_FOUND',
    },
  ];

  it.each(cases)('$name', ({ given, act, want, code }) => {
    const w = new World();
    given(w);
    const outcome = act(w);
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(want);
    if (code) expect(outcome.body.code).toBe(code);
  });

  it("keeps the number's agent_id in step with assignment, unassignment and deletion", () => {
    const w = new World().given('createAgent:created');
    const agentId = w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6')!;
    expect(w.doc('number', NUMBER).agent_id).toBe(agentId);
    expect(w.call('updateAgent', { path: { agent_id: agentId }, body: { phone_number_id: null } }).body.phone_number_id).toBeNull();
    expect(w.doc('number', NUMBER).agent_id).toBeNull();
    w.call('updateAgent', { path: { agent_id: agentId }, body: { phone_number_id: w.ids.get(NUMBER) } });
    expect(w.doc('number', NUMBER).agent_id).toBe(agentId);
    expect(w.call('deleteAgent', { path: { agent_id: agentId } }).status).toBe(200);
    expect(w.doc('number', NUMBER).agent_id).toBeNull();
    expect(w.call('createAgent', agent('Next', { phone_number_id: w.ids.get(NUMBER) })).status).toBe(201);
  });

  it('applies the documented defaults on create', () => {
    const { body } = new World().call('createAgent', agent('Plain'));
    expect(body).toMatchObject({
      voice: 'aria',
      language: 'en-US',
      first_message: null,
      status: 'active',
      phone_number_id: null,
      metadata: {},
    });
  });

  it('round-trips export → import into another account', () => {
    const w = new World().given('createAgent:created');
    const exported = w.call('exportAgent', { path: { agent_id: w.ids.get('agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6') } }).body;
    const imported = w.call('importAgent', { body: exported }, { account: w.addAccount() });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ ...exported.agent, status: 'active', phone_number_id: null });
  });

  it('filters the list by status and number', () => {
    const w = new World().given('createAgent:created');
    w.call('createAgent', agent('Idle', { status: 'inactive' }));
    const names = (query: Record<string, unknown>) => w.call('listAgents', { query }).body.data.map((a: any) => a.name);
    expect(names({})).toEqual(['Idle', 'Appointment reminder']);
    expect(names({ status: 'inactive' })).toEqual(['Idle']);
    expect(names({ phone_number_id: w.ids.get(NUMBER) })).toEqual(['Appointment reminder']);
  });
});
