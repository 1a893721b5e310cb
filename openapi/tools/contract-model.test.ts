// The contract model, field by field, on a small fixture spec (given: the extensions and the
// operations as written; want: what the model derives), and its constants and failures.
import { describe, expect, it } from 'vitest';
import {
  CURSOR_PARAM,
  contractModel,
  DEFAULT_BODY_LIMIT,
  IDEMPOTENCY_HEADER,
  type OperationContract,
  PAGE_SIZE_PARAM,
  RATE_LIMIT_HEADER_NAMES,
  RATE_LIMIT_HEADERS,
  requiredScope,
} from './contract-model.js';
import type { Spec } from './spec.js';

const json = (examples: Record<string, unknown>) => ({ content: { 'application/json': { schema: { type: 'object' }, examples } } });

const fixture = (): Spec => ({
  openapi: '3.1.0',
  security: [{ bearerAuth: ['things:read'] }, { apiKeyHeader: ['things:read'] }],
  'x-scopes': { 'things:read': 'Read things.', 'things:write': 'Create things.' },
  'x-rate-limit-policies': {
    default: { limit: 100, window: 60, per: 'api-key', description: 'All requests of one key.' },
    things: { limit: 10, window: 30, per: 'source-ip', description: 'Thing creations.' },
    bare: { limit: 1 },
  },
  'x-concurrency-limits': { 'active-things': { limit: 5, per: 'account', description: 'Things at once.' } },
  'x-test-values': [
    { value: '+15005550001', field: 'phone', status: 402, code: 'INSUFFICIENT_BALANCE', effect: 'No money.' },
    { value: 123456, field: 'code', status: 200, code: null, effect: 'Always this code.' },
  ],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        tags: ['Things'],
        summary: 'List things',
        'x-rate-limit': ['default'],
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
          { name: 'starting_after', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': json({ page: { value: { object: 'list', data: [] } } }) },
      },
      post: {
        operationId: 'createThing',
        tags: ['Things', 'Other'],
        summary: 'Create a thing',
        security: [{ bearerAuth: ['things:write'] }, { apiKeyHeader: ['things:write'] }],
        'x-rate-limit': ['default', 'things'],
        'x-concurrency-limit': ['active-things'],
        'x-body-limit': 1048576,
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object' }, examples: { created: { value: { name: 'a' } } } } },
        },
        responses: {
          '201': json({ created: { value: { id: 'thg_1234567890123456' } } }),
          '429': json({ 'rate-limited': { value: { code: 'RATE_LIMITED' }, 'x-contract-probe': 'rate-limited' } }),
        },
      },
    },
    '/health': { get: { operationId: 'health', security: [], responses: { '200': json({ ok: { value: { ok: true } } }) } } },
    '/things/{id}': {
      get: { operationId: 'getThing', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: {} },
    },
  },
  webhooks: {
    'thing.created': {
      post: { operationId: 'thingCreated', summary: 'A thing was created', 'x-emitted-by': ['createThing'], responses: {} },
    },
  },
});

const model = contractModel(fixture());
const op = (id: string): OperationContract => model.operation(id);

describe('contractModel: the registries', () => {
  it('reads the scopes with what each grants', () => {
    expect(model.scopes).toEqual([
      { name: 'things:read', grants: 'Read things.' },
      { name: 'things:write', grants: 'Create things.' },
    ]);
  });

  it('reads the rate-limit policies, defaulting window (60 s) and per (api-key)', () => {
    expect([...model.policies.values()]).toEqual([
      { name: 'default', limit: 100, windowSeconds: 60, per: 'api-key', description: 'All requests of one key.' },
      { name: 'things', limit: 10, windowSeconds: 30, per: 'source-ip', description: 'Thing creations.' },
      { name: 'bare', limit: 1, windowSeconds: 60, per: 'api-key', description: '' },
    ]);
  });

  it('reads the concurrency limits', () => {
    expect([...model.concurrencyLimits.values()]).toEqual([
      { name: 'active-things', limit: 5, per: 'account', description: 'Things at once.' },
    ]);
  });

  it('reads the test values (values as strings) and finds one by value', () => {
    expect(model.testValues).toEqual([
      { value: '+15005550001', field: 'phone', status: 402, code: 'INSUFFICIENT_BALANCE', effect: 'No money.' },
      { value: '123456', field: 'code', status: 200, code: null, effect: 'Always this code.' },
    ]);
    expect(model.testValue('123456')?.effect).toBe('Always this code.');
    expect(model.testValue('+14155550100')).toBeUndefined();
  });

  it('reads the webhook events with the operations that emit them', () => {
    expect(model.webhooks.map(({ source: _s, ...w }) => w)).toEqual([
      { name: 'thing.created', operationId: 'thingCreated', summary: 'A thing was created', emittedBy: ['createThing'] },
    ]);
  });

  it('keeps the spec it was built from', () => {
    const spec = fixture();
    expect(contractModel(spec).spec).toBe(spec);
  });
});

describe('contractModel: per operation', () => {
  it('lists the operations of paths in document order, not the webhooks', () => {
    expect(model.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'get /things listThings',
      'post /things createThing',
      'get /health health',
      'get /things/{id} getThing',
    ]);
  });

  it.each([
    { id: 'listThings', field: 'tag', want: 'Things' },
    { id: 'createThing', field: 'tag', want: 'Things' },
    { id: 'health', field: 'tag', want: '' },
    { id: 'createThing', field: 'summary', want: 'Create a thing' },
    { id: 'health', field: 'summary', want: '' },
    { id: 'createThing', field: 'scope', want: 'things:write' },
    { id: 'listThings', field: 'scope', want: 'things:read' },
    { id: 'health', field: 'scope', want: undefined },
    { id: 'createThing', field: 'bodyLimit', want: 1048576 },
    { id: 'listThings', field: 'bodyLimit', want: DEFAULT_BODY_LIMIT },
    { id: 'createThing', field: 'idempotent', want: true },
    { id: 'listThings', field: 'idempotent', want: false },
    { id: 'createThing', field: 'idempotencyHeader', want: 'Idempotency-Key' },
    { id: 'listThings', field: 'idempotencyHeader', want: undefined },
    { id: 'createThing', field: 'emits', want: ['thing.created'] },
    { id: 'listThings', field: 'emits', want: [] },
    { id: 'getThing', field: 'pagination', want: undefined },
    { id: 'createThing', field: 'pagination', want: undefined },
  ] as const)('$id.$field = $want', ({ id, field, want }) => {
    expect(op(id)[field]).toEqual(want);
  });

  it('names the policies and concurrency limits that count an operation, in its order', () => {
    expect(op('createThing').policies.map((p) => p.name)).toEqual(['default', 'things']);
    expect(op('createThing').policies[1]).toBe(model.policies.get('things'));
    expect(op('health').policies).toEqual([]);
    expect(op('createThing').concurrency.map((c) => c.name)).toEqual(['active-things']);
    expect(op('listThings').concurrency).toEqual([]);
  });

  it('reads pagination from a GET with limit and starting_after', () => {
    expect(op('listThings').pagination).toEqual({ limit: { name: 'limit', min: 1, max: 50, default: 10 }, cursor: 'starting_after' });
  });

  it('pairs the examples and keeps the probe-only ones apart', () => {
    expect(op('createThing').pairs.map((p) => `${p.response.status} ${p.name}`)).toEqual(['201 created']);
    expect(op('createThing').probes.map((p) => `${p.status} ${p.name} ${p.probe}`)).toEqual(['429 rate-limited rate-limited']);
    expect(op('listThings').pairs.map((p) => [p.name, p.isDefault])).toEqual([['page', true]]);
  });

  it('keeps the resolved operation as its source', () => {
    expect(op('createThing').source.op.requestBody?.required).toBe(true);
  });
});

describe('contractModel: failures and caching', () => {
  it('throws on an unknown operation id', () => {
    expect(() => model.operation('nope')).toThrow('unknown operation nope');
  });

  it.each([
    {
      given: 'an unknown rate-limit policy',
      change: (s: Spec) => (s.paths['/things'].get['x-rate-limit'] = ['nope']),
      want: 'listThings: x-rate-limit names "nope"',
    },
    {
      given: 'an unknown concurrency limit',
      change: (s: Spec) => (s.paths['/things'].get['x-concurrency-limit'] = ['nope']),
      want: 'listThings: x-concurrency-limit names "nope"',
    },
  ])('throws on $given', ({ change, want }) => {
    const spec = fixture();
    change(spec);
    expect(() => contractModel(spec)).toThrow(want);
  });

  it('builds one model per spec object', () => {
    const spec = fixture();
    expect(contractModel(spec)).toBe(contractModel(spec));
    expect(contractModel(fixture())).not.toBe(contractModel(spec));
  });

  it('reads generated/openapi.json by default', () => {
    expect(contractModel().operation('triggerCall')).toMatchObject({ method: 'post', scope: 'calls:write', idempotent: true });
  });
});

describe('constants and helpers', () => {
  it('names the rate-limit headers as components/headers does, and lower-case', () => {
    expect(RATE_LIMIT_HEADER_NAMES).toEqual([
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'RateLimit-Policy',
      'RateLimit',
    ]);
    expect(RATE_LIMIT_HEADERS).toEqual([
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'ratelimit-policy',
      'ratelimit',
    ]);
    expect(IDEMPOTENCY_HEADER).toBe('idempotency-key');
    expect(DEFAULT_BODY_LIMIT).toBe(65536);
    expect([PAGE_SIZE_PARAM, CURSOR_PARAM]).toEqual(['limit', 'starting_after']);
  });

  it.each([
    { security: [{ a: ['x:read'] }, { b: ['x:read'] }], want: 'x:read' },
    { security: [{ a: [] }, { b: ['x:write'] }], want: 'x:write' },
    { security: [], want: undefined },
    { security: undefined, want: undefined },
    { security: [{}], want: undefined },
  ])('requiredScope($security) → $want', ({ security, want }) => {
    expect(requiredScope(security)).toBe(want);
  });
});
