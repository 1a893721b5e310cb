// What the webhook probes derive from the spec alone: given the real spec (and copies of it with one
// thing changed), want the endpoint operations, each event's recipe (the operations it uses, the
// example it repeats, where the payload names what it made), the reason where there is none, and
// the plan's webhook cases with their order, skips and dependencies.
import { describe, expect, it } from 'vitest';
import { contractModel } from '../../../openapi/tools/contract-model.js';
import { listOperations, loadSpec, type Spec } from '../../../openapi/tools/spec.js';
import { exampleCases, orderExampleCases } from '../plan/examples.js';
import { knownIds } from '../plan/ids.js';
import { buildPlan, PHASE } from '../plan/index.js';
import { NEEDS_OTHER_KEY } from '../probes/define.js';
import { settled } from './delivery-probe.js';
import { webhookOps } from './operations.js';
import { hasRecipe, type Recipe, recipeFor, valueAt } from './recipe.js';

const spec = loadSpec();
const model = contractModel(spec);

function recipeOf(name: string, s: Spec = spec) {
  const m = s === spec ? model : contractModel(s);
  const event = m.webhooks.find((w) => w.name === name);
  if (!event) throw new Error(`no event ${name}`);
  const known = knownIds(s);
  const examples = exampleCases(listOperations(s), known, []);
  orderExampleCases(examples, known);
  return recipeFor(s, m, event, known, examples);
}

/** The recipe as the operations it uses, in order, with what links them. */
const steps = (r: Recipe) => ({
  create: `${r.create.operationId} ${r.create.example}`,
  followUps: r.followUps.map((t) => `${t.operationId} ${t.example} ${t.param}←${t.pointer}`),
  resourcePointer: r.resourcePointer,
});

/** A copy of the spec with one event's emitting operations replaced (tests may write x- extensions). */
function withEmitters(name: string, emittedBy: string[], from: Spec = spec): Spec {
  const copy = structuredClone(from);
  copy.webhooks[name].post['x-emitted-by'] = emittedBy;
  return copy;
}

describe('the endpoint operations, read off the shapes of the real spec', () => {
  it('finds create, read, list, delete, rotation, test event and delivery log, and the secret field', () => {
    const ops = webhookOps(spec, model, listOperations(spec));
    expect(ops).toMatchObject({
      create: 'createWebhook',
      createExample: 'create-endpoint',
      createStatus: '201',
      urlField: 'url',
      eventsField: 'events',
      secretField: 'signing_secret',
      idParam: 'webhook_id',
      read: 'getWebhook',
      list: 'listWebhooks',
      remove: 'deleteWebhook',
      rotate: 'rotateWebhookSecret',
      test: { operationId: 'sendWebhookTestEvent', field: 'event_type' },
      log: { operationId: 'listWebhookDeliveries', filter: 'event_id' },
    });
  });

  it('says why when no operation registers endpoints', () => {
    const noCreate = listOperations(spec).filter((so) => so.operationId !== 'createWebhook');
    expect(webhookOps(spec, model, noCreate)).toEqual({ skip: expect.stringMatching(/^no operation registers a webhook endpoint/) });
  });
});

describe('recipes of the real spec', () => {
  // given: an event; want: the documented create it repeats, the operations that follow on what it made (the last emits), where its payload names the resource.
  it.each([
    {
      given: 'call.completed',
      want: { create: 'triggerCall outbound-call', followUps: ['hangupCall hung-up call_id←/id'], resourcePointer: '/data/object/id' },
    },
    {
      given: 'call.failed',
      want: { create: 'triggerCall busy-call', followUps: ['getCall active-call call_id←/id'], resourcePointer: '/data/object/id' },
    },
    {
      given: 'message.delivered',
      want: { create: 'sendMessage sms', followUps: ['getMessage delivered-message message_id←/id'], resourcePointer: '/data/object/id' },
    },
    {
      given: 'message.failed',
      want: {
        create: 'sendMessage failed-message',
        followUps: ['getMessage delivered-message message_id←/id'],
        resourcePointer: '/data/object/id',
      },
    },
    {
      // A chain: the emitter acts on a campaign a documented example creates; the change the plan orders before it comes first.
      given: 'campaign.completed',
      want: {
        create: 'createCampaign test-completes',
        followUps: ['addCampaignContacts test-completes campaign_id←/id', 'startCampaign test-completes campaign_id←/id'],
        resourcePointer: '/data/object/id',
      },
    },
  ])('$given ← $want.create, then $want.followUps', ({ given, want }) => {
    const r = recipeOf(given);
    expect(hasRecipe(r)).toBe(true);
    expect(steps(r as Recipe)).toEqual(want);
  });

  it('a chain needs the resources its steps use besides the one it makes, so another account cannot drive it', () => {
    const r = recipeOf('campaign.completed') as Recipe;
    expect(r.needs).toEqual(expect.arrayContaining(['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', 'ctc_5Hb8Tz2Qm6Wx9Lp3Rk7Nv4']));
    expect(r.needs).not.toContain('cmp_3Kz8Wq5Nv1Bh7Rt4Xp9Lm6');
    expect(r.minimal).toEqual({ skip: expect.stringMatching(/^addCampaignContacts, startCampaign use .*ctc_5Hb8Tz2Qm6Wx9Lp3Rk7Nv4/) });
  });

  it('a chain needs an answer showing the resource in the state the payload shows: without the completing example there is none, and the reason quotes test mode', () => {
    const copy = structuredClone(spec);
    delete copy.paths['/v1/campaigns/{campaign_id}/start'].post.responses['200'].content['application/json'].examples['test-completes'];
    copy.paths['/v1/campaigns/{campaign_id}/start'].post.parameters = copy.paths['/v1/campaigns/{campaign_id}/start'].post.parameters.map(
      (p: { examples?: Record<string, unknown> }) => {
        const { 'test-completes': _, ...rest } = p.examples ?? {};
        return p.examples ? { ...p, examples: rest } : p;
      },
    );
    // The documented start and pause leave a campaign running or paused, not completed as the payload shows it.
    const none = recipeOf(
      'campaign.completed',
      withEmitters('campaign.completed', ['startCampaign', 'pauseCampaign', 'listCampaigns'], copy),
    );
    expect(none).toMatchObject({ skip: expect.stringMatching(/^no recipe makes campaign\.completed happen/) });
    expect((none as { skip: string }).skip).toContain('Test mode: sent when a campaign whose contacts all');
  });

  it('repeats the create with fresh idempotency keys, and another account can drive only what needs none of this account’s resources', () => {
    const completed = recipeOf('call.completed') as Recipe;
    expect(completed.create.idempotencyHeader).toBe('Idempotency-Key');
    expect(completed.minimal).toEqual({ skip: 'triggerCall requires agent_id, a resource of the account that documented it' });
    const delivered = recipeOf('message.delivered') as Recipe;
    expect(delivered.minimal).toEqual({ body: { to: '+14155550123', body: expect.any(String) } });
  });

  it('the trigger acts on what the create made (its documented id stands in until the real one is known)', () => {
    const r = recipeOf('call.completed') as Recipe;
    const created = model.operation('triggerCall').pairs.find((p) => p.name === 'outbound-call')!.response.value;
    expect(r.followUps[0]?.request.path).toEqual({ call_id: valueAt(created, '/id') });
  });

  it('an event its create alone emits has no follow-up; emitters that act on a documented resource make a chain; others no recipe', () => {
    expect(steps(recipeOf('call.completed', withEmitters('call.completed', ['triggerCall'])) as Recipe)).toEqual({
      create: 'triggerCall outbound-call',
      followUps: [],
      resourcePointer: '/data/object/id',
    });
    // The hang up answers the canonical call `completed`, as the payload shows it: the documented call made fresh, then hung up.
    expect(steps(recipeOf('call.completed', withEmitters('call.completed', ['hangupCall', 'getCall'])) as Recipe)).toEqual({
      create: 'triggerCall outbound-call',
      followUps: ['hangupCall hung-up call_id←/id'],
      resourcePointer: '/data/object/id',
    });
    expect(recipeOf('call.completed', withEmitters('call.completed', ['listCalls']))).toMatchObject({
      skip: expect.stringMatching(/none of the operations that emit it \(listCalls\) creates a resource/),
    });
  });
});

describe('the plan', () => {
  const plan = (o: { profile?: 'full' | 'mock'; otherKey?: boolean; webhooks?: boolean; only?: string } = {}) =>
    buildPlan(spec, { profile: o.profile ?? 'full', otherKey: o.otherKey ?? true, webhooks: o.webhooks, only: o.only });
  const webhookCases = (p: ReturnType<typeof plan>) => p.cases.filter((c) => c.probe?.startsWith('webhook-'));

  it('plans a delivery case per event, then retry, tenant, secret and the run-wide id check, all in the webhooks phase', () => {
    const cases = webhookCases(plan());
    expect(cases.map((c) => c.id)).toEqual([
      'triggerCall probe:webhook-delivery:call.completed',
      'triggerCall probe:webhook-delivery:call.failed',
      'sendMessage probe:webhook-delivery:message.delivered',
      'sendMessage probe:webhook-delivery:message.failed',
      'createCampaign probe:webhook-delivery:campaign.completed',
      'createWebhook probe:webhook-retry',
      'createWebhook probe:webhook-tenant',
      'createWebhook probe:webhook-secret',
      'createWebhook probe:webhook-ids',
    ]);
    expect(new Set(cases.map((c) => c.phase))).toEqual(new Set([PHASE.webhooks]));
    expect(PHASE.webhooks).toBeGreaterThan(PHASE.stateful);
    expect(PHASE.webhooks).toBeLessThan(PHASE.exclusive);
    expect(cases.filter((c) => c.skip).map((c) => c.id)).toEqual([]);
    const byId = new Map(cases.map((c) => [c.id, c]));
    expect(byId.get('triggerCall probe:webhook-delivery:call.completed')?.after).toEqual(['createAgent created']);
    expect(byId.get('createWebhook probe:webhook-retry')?.after).toEqual(
      expect.arrayContaining(cases.filter((c) => c.probe === 'webhook-delivery').map((c) => c.id)),
    );
    expect(byId.get('createWebhook probe:webhook-ids')?.after).toEqual(cases.slice(0, -1).map((c) => c.id));
    expect(byId.get('sendMessage probe:webhook-delivery:message.delivered')?.checks).toEqual([
      'webhook-delivered',
      'webhook-signature-valid',
      'webhook-timestamp-fresh',
      'webhook-payload-valid',
      'webhook-log-agrees',
    ]);
    expect(byId.get('createCampaign probe:webhook-delivery:campaign.completed')?.after).toEqual(
      expect.arrayContaining(['createContact test-answers', 'createAgent created']),
    );
  });

  it.each([
    { given: { profile: 'mock' as const }, want: '--profile mock: a stateless mock delivers no webhooks' },
    { given: { webhooks: false }, want: '--no-webhooks: webhook deliveries are not checked in this run' },
  ])('$given: every webhook case is skipped, saying why', ({ given, want }) => {
    const cases = webhookCases(plan(given));
    expect(cases).toHaveLength(9);
    for (const c of cases) expect(c.skip, c.id).toBe(want);
  });

  it('the tenant case needs --other-key', () => {
    expect(webhookCases(plan({ otherKey: false })).find((c) => c.probe === 'webhook-tenant')?.skip).toBe(NEEDS_OTHER_KEY);
  });

  it('--only a webhook case brings what it needs: the delivery cases it follows and the ids their recipes use', () => {
    const ids = plan({ only: '^createWebhook probe:webhook-retry$' }).cases.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'createAgent created',
        'triggerCall probe:webhook-delivery:call.completed',
        'createWebhook probe:webhook-retry',
      ]),
    );
    expect(ids).not.toContain('createWebhook probe:webhook-tenant');
  });
});

describe('settled', () => {
  it.each([
    { given: [], n: 1, want: false },
    { given: [{ attempt: 1, status: 'pending' }], n: 1, want: false },
    { given: [{ attempt: 1, status: 'succeeded' }], n: 1, want: true },
    {
      given: [
        { attempt: 2, status: 'succeeded' },
        { attempt: 1, status: 'failed' },
      ],
      n: 2,
      want: true,
    },
    { given: [{ attempt: 1, status: 'failed' }], n: 2, want: false },
  ])('attempts $given, $n arrived → $want', ({ given, n, want }) => expect(settled(given, n)).toBe(want));
});
