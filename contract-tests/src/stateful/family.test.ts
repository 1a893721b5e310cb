// Resource families and their templates, derived from the spec: given the real spec (and small
// synthetic ones for the class rules), want the operations, unique fields, read-back rules and
// ending each family gets.
import { describe, expect, it } from 'vitest';
import { listOperations, loadSpec, type Spec } from '../../../openapi/tools/spec.js';
import { exampleCases, orderExampleCases } from '../plan/examples.js';
import { knownIds } from '../plan/ids.js';
import { buildPlan } from '../plan/index.js';
import { type Family, families } from './family.js';
import type { FamilyPlan } from './model.js';
import { listPlan } from './plan.js';
import { familyPlan, testValues } from './templates.js';

const spec = loadSpec();
const ops = listOperations(spec);
const known = knownIds(spec);
const examples = exampleCases(ops, known, []);
orderExampleCases(examples, known);
const ended = new Map(examples.filter((c) => c.role === 'destroy' && c.resource).map((c) => [c.resource!, c.id]));
const all = families(spec, ops);
const family = (collection: string) => all.find((f) => f.collection === collection)!;
const plan = (collection: string) => familyPlan({ spec, known, ended }, family(collection)) as FamilyPlan;
const ids = (f: Family) => ({
  list: f.list?.operationId,
  create: f.create?.operationId,
  read: f.read?.operationId,
  update: f.update?.operationId,
  ending: f.ending?.operationId,
});

describe('families of the real spec', () => {
  it.each([
    {
      given: '/v1/agents',
      want: { list: 'listAgents', create: 'createAgent', read: 'getAgent', update: 'updateAgent', ending: 'deleteAgent' },
    },
    {
      given: '/v1/api-keys',
      want: { list: 'listApiKeys', create: 'createApiKey', read: 'getApiKey', update: undefined, ending: 'revokeApiKey' },
    },
    { given: '/v1/calls', want: { list: 'listCalls', create: 'triggerCall', read: 'getCall', update: undefined, ending: 'hangupCall' } },
    // Two endings linked (delete, pause): the one that ends it for good.
    {
      given: '/v1/campaigns',
      want: { list: 'listCampaigns', create: 'createCampaign', read: 'getCampaign', update: 'updateCampaign', ending: 'deleteCampaign' },
    },
    {
      given: '/v1/messages',
      want: { list: 'listMessages', create: 'sendMessage', read: 'getMessage', update: undefined, ending: undefined },
    },
    { given: '/v1/numbers', want: { list: 'listNumbers', create: undefined, read: 'getNumber', update: undefined, ending: undefined } },
    {
      given: '/v1/billing/usage',
      want: { list: 'listBillingUsage', create: undefined, read: undefined, update: undefined, ending: undefined },
    },
  ])('$given', ({ given, want }) => expect(ids(family(given))).toEqual(want));

  it('is found for every list and nothing else', () => {
    expect(all.map((f) => f.collection).sort()).toEqual([
      '/v1/agents',
      '/v1/api-keys',
      '/v1/billing/usage',
      '/v1/calls',
      '/v1/campaigns',
      '/v1/contacts',
      '/v1/lookups',
      '/v1/messages',
      '/v1/numbers',
      '/v1/webhooks',
    ]);
  });
});

describe('families of a synthetic spec (the class rules)', () => {
  const page = {
    type: 'object',
    properties: {
      data: { type: 'array', items: { type: 'object' } },
      has_more: { type: 'boolean' },
      next_cursor: { type: ['string', 'null'] },
    },
  };
  const ok = (schema: object, links: object = {}) => ({
    '200': { description: '', content: { 'application/json': { schema } }, links },
    '201': { description: '', content: { 'application/json': { schema: { type: 'object' } } }, links },
  });
  const mini: Spec = {
    openapi: '3.1.0',
    paths: {
      '/v1/things': {
        get: {
          operationId: 'listThings',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 50 } }],
          responses: ok(page),
        },
        post: {
          operationId: 'createThing',
          responses: ok(
            { type: 'object' },
            { R: { operationId: 'getThing' }, A: { operationId: 'archiveThing' }, S: { operationId: 'stopThing' } },
          ),
        },
      },
      '/v1/things/{thing_id}': {
        get: { operationId: 'getThing', responses: ok({ type: 'object' }) },
        put: { operationId: 'replaceThing', responses: ok({ type: 'object' }) },
      },
      '/v1/things/{thing_id}/archive': { post: { operationId: 'archiveThing', responses: ok({ type: 'object' }) } },
      '/v1/things/{thing_id}/stop': { post: { operationId: 'stopThing', responses: ok({ type: 'object' }) } },
      // Answers a page but takes no limit: not a list.
      '/v1/feed': { get: { operationId: 'getFeed', responses: ok(page) } },
    },
  };
  const [things, ...rest] = families(mini, listOperations(mini));

  it.each([
    { given: 'a PUT on the item', want: 'replaceThing', got: () => things.update?.operationId },
    { given: 'two ending verbs linked, no DELETE', want: 'archiveThing', got: () => things.ending?.operationId },
    { given: 'the item parameter', want: 'thing_id', got: () => things.param },
    { given: 'a page without limit', want: 0, got: () => rest.length },
  ])('$given → $want', ({ want, got }) => expect(got()).toEqual(want));
});

describe('templates of the real spec', () => {
  it.each([
    // The create's 409 example repeats the name: unique, free text; the number an agent claims is left out.
    {
      given: 'agents',
      got: () => [plan('/v1/agents').create.unique, plan('/v1/agents').create.dropped],
      want: [[{ field: 'name', shaped: false, maxLength: 100 }], ['phone_number_id']],
    },
    {
      given: 'contacts (a phone number keeps its pattern)',
      got: () => plan('/v1/contacts').create.unique.map((u) => [u.field, u.shaped]),
      want: [
        ['phone_number', true],
        ['last_name', false],
      ],
    },
    { given: 'calls (the busy test number is not copied)', got: () => plan('/v1/calls').create.example, want: 'outbound-call' },
    { given: 'API keys (idempotent create)', got: () => plan('/v1/api-keys').create.idempotencyHeader, want: 'Idempotency-Key' },
    { given: 'agents share one fresh resource across their cases', got: () => plan('/v1/agents').shared, want: true },
    { given: 'calls count against active-calls: each case ends its own', got: () => plan('/v1/calls').shared, want: false },
  ])('create: $given', ({ got, want }) => expect(got()).toEqual(want));

  it.each([
    { given: 'API keys: the secret is shown once', got: () => plan('/v1/api-keys').rules.shownOnce, want: ['secret'] },
    { given: 'webhooks: the signing secret is shown once', got: () => plan('/v1/webhooks').rules.shownOnce, want: ['signing_secret'] },
    {
      given: 'calls: the documented read shows the call settled',
      got: () => plan('/v1/calls').rules.documentedChanges,
      want: ['status', 'answered_at'],
    },
    { given: 'agents: create and read examples agree', got: () => plan('/v1/agents').rules.documentedChanges, want: [] },
    { given: 'agents: date-times', got: () => plan('/v1/agents').rules.dateTimes, want: ['created_at', 'updated_at'] },
  ])('read back: $given', ({ got, want }) => expect(got()).toEqual(want));

  it.each([
    {
      given: 'deleteAgent (deleted: true)',
      got: () => plan('/v1/agents').ending,
      want: { mode: 'gone', endedState: [], again: { status: '404', code: 'NOT_FOUND' }, readAfter: { status: '404', code: 'NOT_FOUND' } },
    },
    {
      given: 'revokeApiKey (the key, revoked)',
      got: () => plan('/v1/api-keys').ending,
      want: {
        mode: 'ended',
        endedState: [{ field: 'revoked_at', nonNull: true }],
        again: { status: '409', code: 'CONFLICT' },
        readAfter: { status: '200' },
      },
    },
    {
      given: 'hangupCall (the call, completed)',
      got: () => plan('/v1/calls').ending,
      want: {
        mode: 'ended',
        endedState: [
          { field: 'status', equals: 'completed' },
          { field: 'end_reason', equals: 'hangup' },
          { field: 'duration_seconds', nonNull: true },
          { field: 'answered_at', nonNull: true },
          { field: 'ended_at', nonNull: true },
        ],
      },
    },
  ])('ending: $given', ({ got, want }) => expect(got()).toMatchObject(want));

  it('update: the documented body, with what the read shows', () => {
    expect(plan('/v1/contacts').update).toMatchObject({
      operationId: 'updateContact',
      example: 'update',
      request: { body: { tags: ['patient', 'recall'] } },
    });
    expect(plan('/v1/contacts').update!.readable).toContain('tags');
  });

  it('list: the unknown cursor and its documented refusal', () => {
    expect(listPlan(spec, family('/v1/agents').list!, undefined)).toMatchObject({
      max: 100,
      unknownCursor: 'agt_0000000000000000000000',
      refusal: { status: '422', code: 'VALIDATION_ERROR', field: 'query.starting_after' },
    });
  });

  it('a create that needs a resource the destroy phase ends is skipped with the reason', () => {
    const withEnded = new Map([...ended, ['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', 'deleteAgent somewhere']]);
    expect(familyPlan({ spec, known, ended: withEnded }, family('/v1/calls'))).toEqual({
      skip: expect.stringContaining('needs agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6, which deleteAgent somewhere ends'),
    });
  });

  it('test values come from x-test-values', () => expect(testValues(spec)).toContain('+15005550009'));
});

describe('the stateful cases', () => {
  const cases = buildPlan(spec, { profile: 'full', otherKey: true }).cases.filter((c) => c.id.includes(' stateful:'));
  it.each([
    { given: 'createAgent stateful:read-after-create', want: { checks: ['read-after-create'], phase: 6 } },
    { given: 'updateWebhook stateful:read-after-update', want: { checks: ['read-after-update'] } },
    { given: 'revokeApiKey stateful:use-after-delete', want: { checks: ['use-after-delete'] } },
    { given: 'listBillingUsage stateful:pages', want: { checks: ['limit-honoured', 'cursor-walk'] } },
    { given: 'listNumbers stateful:unknown-cursor', want: { checks: ['unknown-cursor-refused'] } },
  ])('$given', ({ given, want }) => expect(cases.find((c) => c.id === given)).toMatchObject(want));

  it('waits for what creates the ids its fresh resources refer to', () => {
    expect(cases.find((c) => c.id === 'triggerCall stateful:read-after-create')!.after).toEqual(['createAgent created']);
  });

  it('plans every family and list once', () => {
    expect(cases.length).toBe(8 + 4 + 6 + 2 * 10);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
});
