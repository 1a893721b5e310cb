// The spec's bounds (openapi/README.md "Bounds") reach the stub through its request validation
// alone (ARCHITECTURE.md §7): a value past a bound is one 422 VALIDATION_ERROR naming the field,
// a value at the bound is read and handled. Handlers are the test kit's fakes, so what refuses is
// the pipeline and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateComponent } from '../testing/assert.js';
import { pairsOf } from '../testing/examples.js';
import { ADMIN_KEY, bearer, type TestStub, testStub } from '../testing/stub.js';

const headers = { ...bearer(ADMIN_KEY), 'content-type': 'application/json' };

/** The request body of an operation's first documented success, to change one field of. */
function documentedBody(operationId: string): Record<string, unknown> {
  const pair = pairsOf(operationId).find((p) => p.response.status.startsWith('2'));
  return structuredClone(pair!.request.body as Record<string, unknown>);
}
const withField = (operationId: string, field: string, value: unknown) => ({ ...documentedBody(operationId), [field]: value });
const addresses = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`);
// RFC 3339 with nanoseconds and a numeric offset is 35 characters, the bound of every date-time.
const at35 = '2031-01-01T00:00:00.000000000+00:00';
const past35 = '2031-01-01T00:00:00.0000000000+00:00';

interface Case {
  given: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  status: number;
  /** For a 422: the one field its `errors` name. */
  field?: string;
}

const table: Case[] = [
  // a string in a create body (maxLength 100)
  {
    given: 'an agent name of 101 characters',
    method: 'POST',
    url: '/v1/agents',
    body: withField('createAgent', 'name', 'n'.repeat(101)),
    status: 422,
    field: 'body.name',
  },
  {
    given: 'an agent name of 100 characters',
    method: 'POST',
    url: '/v1/agents',
    body: withField('createAgent', 'name', 'n'.repeat(100)),
    status: 201,
  },
  // a date-time in a create body (maxLength 35)
  {
    given: 'an expires_at of 36 characters',
    method: 'POST',
    url: '/v1/api-keys',
    body: withField('createApiKey', 'expires_at', past35),
    status: 422,
    field: 'body.expires_at',
  },
  {
    given: 'an expires_at of 35 characters',
    method: 'POST',
    url: '/v1/api-keys',
    body: withField('createApiKey', 'expires_at', at35),
    status: 201,
  },
  // an id in a create body (maxLength 36 = agt_ + 32)
  {
    given: 'an agent_id of 37 characters',
    method: 'POST',
    url: '/v1/campaigns',
    body: withField('createCampaign', 'agent_id', `agt_${'A'.repeat(33)}`),
    status: 422,
    field: 'body.agent_id',
  },
  {
    given: 'an agent_id of 36 characters',
    method: 'POST',
    url: '/v1/campaigns',
    body: withField('createCampaign', 'agent_id', `agt_${'A'.repeat(32)}`),
    status: 201,
  },
  // an array (maxItems 100)
  {
    given: '101 allowed_ips',
    method: 'POST',
    url: '/v1/api-keys',
    body: withField('createApiKey', 'allowed_ips', addresses(101)),
    status: 422,
    field: 'body.allowed_ips',
  },
  {
    given: '100 allowed_ips',
    method: 'POST',
    url: '/v1/api-keys',
    body: withField('createApiKey', 'allowed_ips', addresses(100)),
    status: 201,
  },
  // an integer in a body (1–5, int32)
  {
    given: 'max_concurrent_calls 6',
    method: 'POST',
    url: '/v1/campaigns',
    body: withField('createCampaign', 'max_concurrent_calls', 6),
    status: 422,
    field: 'body.max_concurrent_calls',
  },
  {
    given: 'max_concurrent_calls 2^31 (past int32)',
    method: 'POST',
    url: '/v1/campaigns',
    body: withField('createCampaign', 'max_concurrent_calls', 2 ** 31),
    status: 422,
    field: 'body.max_concurrent_calls',
  },
  {
    given: 'max_concurrent_calls 5',
    method: 'POST',
    url: '/v1/campaigns',
    body: withField('createCampaign', 'max_concurrent_calls', 5),
    status: 201,
  },
  // an integer query parameter (1–100, int32)
  { given: 'limit=101', method: 'GET', url: '/v1/contacts?limit=101', status: 422, field: 'query.limit' },
  { given: 'limit=2147483648 (past int32)', method: 'GET', url: '/v1/contacts?limit=2147483648', status: 422, field: 'query.limit' },
  { given: 'limit=100', method: 'GET', url: '/v1/contacts?limit=100', status: 200 },
  // a cursor (maxLength 64, URL-safe characters)
  {
    given: 'a starting_after of 65 characters',
    method: 'GET',
    url: `/v1/contacts?starting_after=${'c'.repeat(65)}`,
    status: 422,
    field: 'query.starting_after',
  },
  {
    given: 'a starting_after with a character outside [A-Za-z0-9_-]',
    method: 'GET',
    url: '/v1/contacts?starting_after=ctc.1',
    status: 422,
    field: 'query.starting_after',
  },
  { given: 'a starting_after of 64 URL-safe characters', method: 'GET', url: `/v1/contacts?starting_after=${'c'.repeat(64)}`, status: 200 },
];

let stub: TestStub;
beforeAll(async () => {
  stub = await testStub({ config: { limitScale: 100 } });
});
afterAll(() => stub.close());

describe('bounds enforced by request validation', () => {
  it.each(table)('$given → $status', async (c) => {
    const res = await stub.inject({
      method: c.method,
      url: c.url,
      headers,
      ...(c.body === undefined ? {} : { payload: c.body as object }),
    });
    expect(res.statusCode, res.body).toBe(c.status);
    if (c.status !== 422) return;
    const problem = res.json();
    expect(validateComponent('Problem', problem)).toEqual([]);
    expect(problem.code).toBe('VALIDATION_ERROR');
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([c.field]);
  });

  it('answers an over-long path id as an id that names nothing (404), like any malformed one', async () => {
    const res = await stub.inject({ method: 'GET', url: `/v1/agents/agt_${'A'.repeat(33)}`, headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
