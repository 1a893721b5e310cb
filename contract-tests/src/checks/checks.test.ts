// Every check as a table: given an example's context and an exchange, want pass, a failure naming
// the problem, a skip, or "not applicable". Each check has at least one row that fails.
import { describe, expect, it } from 'vitest';
import { ctxFor, exampleValue, exchange, NO_CREDENTIAL, problem, rateLimitHeaders } from '../testing/fixtures/exchanges.js';
import { failingChecks, type VerdictRow, verdictTable } from '../testing/verdict-table.js';
import type { CheckContext, Exchange } from '../types.js';
import { checkById, runChecks } from './index.js';
import { RESPONSE_CHECKS } from './response.js';

const agent = exampleValue('getAgent', 'agent');
const key = exampleValue('getApiKey', 'api-key');
const created = exampleValue('createApiKey', 'create-key');
const notFound = problem(404, 'NOT_FOUND');
const getAgent = (o: Partial<CheckContext> = {}) => ctxFor('getAgent', 'agent', o);
const agentNotFound = (o: Partial<CheckContext> = {}) => ctxFor('getAgent', 'not-found', o);
const timeout: Exchange = {
  request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: {} },
  error: { kind: 'timeout', message: 'no complete response within 10 ms' },
  credential: { kind: 'valid', via: 'bearer', label: '' },
};
const ids = new Map([
  ['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', 'agt_RealAgentId00000000001'],
  ['num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1', 'num_RealNumberId000000001'],
]);

const rows: VerdictRow[] = [
  { check: 'response-received', given: 'a response', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'pass' },
  { check: 'response-received', given: 'a timeout', ctx: getAgent(), ex: timeout, want: { fail: 'timeout' } },

  { check: 'status-code', given: 'the documented status', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'pass' },
  {
    check: 'status-code',
    given: 'another documented status',
    ctx: getAgent(),
    ex: exchange({ status: 404, body: notFound }),
    want: { fail: 'documented 200 (example "agent"), received 404 NOT_FOUND' },
  },
  { check: 'status-code', given: 'no response', ctx: getAgent(), ex: timeout, want: 'skip' },

  {
    check: 'status-documented',
    given: 'a documented status',
    ctx: getAgent(),
    ex: exchange({ status: 404, body: notFound }),
    want: 'pass',
  },
  {
    check: 'status-documented',
    given: 'an undocumented status',
    ctx: getAgent(),
    ex: exchange({ status: 418, body: problem(418, 'CONFLICT') }),
    want: { fail: 'does not document 418' },
  },

  {
    check: 'content-type',
    given: 'problem+json on a 404',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound }),
    want: 'pass',
  },
  {
    check: 'content-type',
    given: 'application/json on a 404',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound, headers: { 'content-type': 'application/json' } }),
    want: { fail: 'documented application/problem+json, received application/json' },
  },
  {
    check: 'content-type',
    given: 'a charset parameter',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: agent, headers: { 'content-type': 'application/json; charset=utf-8' } }),
    want: 'pass',
  },

  { check: 'json-body', given: 'JSON', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'pass' },
  {
    check: 'json-body',
    given: 'truncated JSON',
    ctx: getAgent(),
    ex: exchange({ status: 200, text: '{"id":"agt_' }),
    want: { fail: 'not valid JSON' },
  },

  { check: 'body-schema', given: 'the example itself', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'pass' },
  {
    check: 'body-schema',
    given: 'an undocumented property',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: { ...agent, debug: true } }),
    want: { fail: 'must NOT have additional properties (debug)' },
  },
  {
    check: 'body-schema',
    given: 'a missing required property',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: { ...agent, name: undefined } }),
    want: { fail: "must have required property 'name'" },
  },
  {
    check: 'body-schema',
    given: 'a problem valid for the received 404',
    ctx: getAgent(),
    ex: exchange({ status: 404, body: notFound }),
    want: 'pass',
  },
  { check: 'body-schema', given: 'a body that is not JSON', ctx: getAgent(), ex: exchange({ status: 200, text: 'oops' }), want: 'skip' },

  {
    check: 'stable-values',
    given: 'the example with its ids mapped',
    ctx: getAgent({ ids, sent: { path: { agent_id: 'agt_RealAgentId00000000001' }, query: {}, header: {} } }),
    ex: exchange({ status: 200, body: { ...agent, id: 'agt_RealAgentId00000000001', phone_number_id: 'num_RealNumberId000000001' } }),
    want: 'pass',
  },
  {
    check: 'stable-values',
    given: 'an enum value that differs',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: { ...agent, status: 'inactive' } }),
    want: { fail: '/status: documented "active", received "inactive"' },
  },
  {
    check: 'stable-values',
    given: 'a known id that differs',
    ctx: getAgent({ ids }),
    ex: exchange({ status: 200, body: { ...agent, id: 'agt_RealAgentId00000000001', phone_number_id: 'num_SomeOtherNumber000001' } }),
    want: { fail: '/phone_number_id: documented num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1, the id learnt for it is num_RealNumberId000000001' },
  },
  {
    check: 'stable-values',
    given: "another account's answer (its own ids)",
    ctx: getAgent({ ids }),
    ex: exchange({
      status: 200,
      body: { ...agent, id: 'agt_TheirAgent0000000000001', phone_number_id: 'num_TheirNumber00000000001' },
      credential: { kind: 'valid', via: 'bearer', label: '$CONTRACT_OTHER_KEY' },
    }),
    want: 'pass',
  },
  {
    check: 'stable-values',
    given: 'a list without the item learnt for the documented one',
    ctx: ctxFor('listAgents', 'agents-page', { ids }),
    ex: exchange({ status: 200, body: { object: 'list', data: [], has_more: false, next_cursor: null } }),
    want: { fail: '/data: no item for agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6 (agt_RealAgentId00000000001) among 0' },
  },
  {
    check: 'stable-values',
    given: 'a list a probe reads when it runs (its items are not compared)',
    ctx: ctxFor('listAgents', 'agents-page', { ids, expected: { ...ctxFor('listAgents', 'agents-page').expected, probe: 'x-api-key' } }),
    ex: exchange({ status: 200, body: { object: 'list', data: [], has_more: false, next_cursor: null } }),
    want: 'pass',
  },
  {
    check: 'stable-values',
    given: 'generated values that differ (id of a new key, timestamps, secret)',
    ctx: ctxFor('createApiKey', 'create-key', { ids: new Map([['key_3Jd8Kq2Wm5Xr9Tz1Lp7Vb4', 'key_New00000000000000001']]) }),
    ex: exchange({
      status: 201,
      body: {
        ...created,
        id: 'key_Other000000000000001',
        created_at: '2030-01-01T00:00:00Z',
        secret: 'pl_test_abcdefghijklmnopqrstuvwxyz0123456789',
      },
    }),
    want: 'pass',
  },
  {
    check: 'stable-values',
    given: 'an echoed input changed',
    ctx: ctxFor('createApiKey', 'create-key', {
      sent: { path: {}, query: {}, header: {}, body: { name: 'Backend server', scopes: ['calls:read', 'calls:write'] } },
    }),
    ex: exchange({ status: 201, body: { ...created, name: 'Renamed' } }),
    want: { fail: '/name: the request sent "Backend server"' },
  },
  {
    check: 'stable-values',
    given: 'an echoed timestamp in another notation',
    ctx: ctxFor('createApiKey', 'create-key', { sent: { path: {}, query: {}, header: {}, body: { expires_at: '2027-11-20T00:00:00Z' } } }),
    ex: exchange({ status: 201, body: { ...created, expires_at: '2027-11-20T00:00:00.000Z' } }),
    want: 'pass',
  },
  {
    check: 'stable-values',
    given: 'an enum set in another order',
    ctx: ctxFor('getApiKey', 'api-key'),
    ex: exchange({ status: 200, body: { ...key, scopes: ['calls:write', 'calls:read'] } }),
    want: 'pass',
  },
  {
    check: 'stable-values',
    given: 'an enum set that differs',
    ctx: ctxFor('getApiKey', 'api-key'),
    ex: exchange({ status: 200, body: { ...key, scopes: ['calls:read'] } }),
    want: { fail: '/scopes: documented the set' },
  },
  { check: 'stable-values', given: 'a problem body', ctx: agentNotFound(), ex: exchange({ status: 404, body: notFound }), want: 'na' },
  { check: 'stable-values', given: 'another status', ctx: getAgent(), ex: exchange({ status: 404, body: notFound }), want: 'skip' },

  { check: 'error-code', given: 'the documented code', ctx: agentNotFound(), ex: exchange({ status: 404, body: notFound }), want: 'pass' },
  {
    check: 'error-code',
    given: 'another code',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: problem(404, 'CONFLICT') }),
    want: { fail: 'documented code NOT_FOUND, received CONFLICT' },
  },
  { check: 'error-code', given: 'a success example', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'na' },

  {
    check: 'problem-details',
    given: 'status member = HTTP status',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound }),
    want: 'pass',
  },
  {
    check: 'problem-details',
    given: 'status member ≠ HTTP status',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: { ...notFound, status: 400 } }),
    want: { fail: 'the problem says status 400 on an HTTP 404' },
  },
  { check: 'problem-details', given: 'a success', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'na' },

  {
    check: 'request-id-header',
    given: 'a valid id, quoted in the body',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound }),
    want: 'pass',
  },
  {
    check: 'request-id-header',
    given: 'no X-Request-Id',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound, headers: { 'x-request-id': undefined } }),
    want: { fail: 'X-Request-Id is missing' },
  },
  {
    check: 'request-id-header',
    given: 'an id off its pattern',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: agent, headers: { 'x-request-id': '42' } }),
    want: { fail: 'must match pattern' },
  },
  {
    check: 'request-id-header',
    given: 'a body id that differs',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound, headers: { 'x-request-id': 'req_Different0000000000001' } }),
    want: { fail: "the body's request_id" },
  },

  {
    check: 'rate-limit-headers',
    given: 'the full coherent set',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: agent }),
    want: 'pass',
  },
  {
    check: 'rate-limit-headers',
    given: 'an error answer without them',
    ctx: agentNotFound(),
    ex: exchange({ status: 404, body: notFound, bare: true }),
    want: { fail: 'x-ratelimit-limit is missing' },
  },
  {
    check: 'rate-limit-headers',
    given: 'RateLimit r ≠ Remaining',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: agent, headers: { ratelimit: '"default";r=3;t=23' } }),
    want: { fail: 'RateLimit r=3 but X-RateLimit-Remaining 57' },
  },
  {
    check: 'rate-limit-headers',
    given: 'a Reset in the past',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: agent, headers: { 'x-ratelimit-reset': '1000' } }),
    want: { fail: 'X-RateLimit-Reset 1000' },
  },
  {
    check: 'rate-limit-headers',
    given: 'a non-integer Limit',
    ctx: getAgent(),
    ex: exchange({ status: 200, body: agent, headers: { 'x-ratelimit-limit': 'lots' } }),
    want: { fail: 'must be integer' },
  },
  {
    check: 'rate-limit-headers',
    given: 'a 401 (not attributed to a key)',
    ctx: ctxFor('getAgent', 'missing-key'),
    ex: exchange({ status: 401, body: problem(401, 'UNAUTHORIZED'), credential: NO_CREDENTIAL }),
    want: 'na',
  },

  {
    check: 'www-authenticate',
    given: 'no credentials, no error',
    ctx: ctxFor('getAgent', 'missing-key'),
    ex: exchange({
      status: 401,
      body: problem(401, 'UNAUTHORIZED'),
      credential: NO_CREDENTIAL,
      headers: { 'www-authenticate': 'Bearer realm="parley"' },
    }),
    want: 'pass',
  },
  {
    check: 'www-authenticate',
    given: 'no challenge on a 401',
    ctx: ctxFor('getAgent', 'missing-key'),
    ex: exchange({ status: 401, body: problem(401, 'UNAUTHORIZED'), credential: NO_CREDENTIAL }),
    want: { fail: 'WWW-Authenticate is missing on a 401' },
  },
  {
    check: 'www-authenticate',
    given: 'an error param without credentials',
    ctx: ctxFor('getAgent', 'missing-key'),
    ex: exchange({
      status: 401,
      body: problem(401, 'UNAUTHORIZED'),
      credential: NO_CREDENTIAL,
      headers: { 'www-authenticate': 'Bearer realm="parley", error="invalid_token"' },
    }),
    want: { fail: 'no credentials were sent' },
  },
  {
    check: 'www-authenticate',
    given: 'a revoked key without invalid_token',
    ctx: ctxFor('getAgent', 'invalid-key'),
    ex: exchange({
      status: 401,
      body: problem(401, 'UNAUTHORIZED'),
      credential: { kind: 'revoked', via: 'bearer', label: '' },
      headers: { 'www-authenticate': 'Bearer realm="parley"' },
    }),
    want: { fail: 'a revoked key needs error="invalid_token"' },
  },
  {
    check: 'www-authenticate',
    given: 'insufficient_scope naming the scope',
    ctx: ctxFor('getAgent', 'insufficient-scope'),
    ex: exchange({
      status: 403,
      body: problem(403, 'INSUFFICIENT_SCOPE'),
      headers: { 'www-authenticate': 'Bearer realm="parley", error="insufficient_scope", scope="agents:read"' },
    }),
    want: 'pass',
  },
  {
    check: 'www-authenticate',
    given: 'insufficient_scope naming another scope',
    ctx: ctxFor('getAgent', 'insufficient-scope'),
    ex: exchange({
      status: 403,
      body: problem(403, 'INSUFFICIENT_SCOPE'),
      headers: { 'www-authenticate': 'Bearer realm="parley", error="insufficient_scope", scope="calls:read"' },
    }),
    want: { fail: 'must name the missing scope (agents:read)' },
  },
  { check: 'www-authenticate', given: 'a 200', ctx: getAgent(), ex: exchange({ status: 200, body: agent }), want: 'na' },

  {
    check: 'retry-after',
    given: 'Retry-After up to the reset',
    ctx: ctxFor('getAgent', 'rate-limited'),
    ex: exchange({ status: 429, body: problem(429, 'RATE_LIMITED'), headers: { 'retry-after': '23' } }),
    want: 'pass',
  },
  {
    check: 'retry-after',
    given: 'no Retry-After',
    ctx: ctxFor('getAgent', 'rate-limited'),
    ex: exchange({ status: 429, body: problem(429, 'RATE_LIMITED') }),
    want: { fail: 'Retry-After is missing' },
  },
  {
    check: 'retry-after',
    given: 'earlier than the window end',
    ctx: ctxFor('getAgent', 'rate-limited'),
    ex: exchange({ status: 429, body: problem(429, 'RATE_LIMITED'), headers: { 'retry-after': '2' } }),
    want: { fail: "earlier than the window's end" },
  },
  {
    check: 'retry-after',
    given: 'an HTTP date',
    ctx: ctxFor('getAgent', 'rate-limited'),
    ex: exchange({ status: 429, body: problem(429, 'RATE_LIMITED'), headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }),
    want: { fail: 'not a whole number of seconds' },
  },

  {
    check: 'documented-headers',
    given: 'Idempotent-Replayed: true',
    ctx: ctxFor('createApiKey', 'create-key'),
    ex: exchange({ status: 201, body: created, headers: { 'idempotent-replayed': 'true' } }),
    want: 'pass',
  },
  {
    check: 'documented-headers',
    given: 'Idempotent-Replayed: yes',
    ctx: ctxFor('createApiKey', 'create-key'),
    ex: exchange({ status: 201, body: created, headers: { 'idempotent-replayed': 'yes' } }),
    want: { fail: 'idempotent-replayed "yes" must be equal to one of the allowed values' },
  },

  {
    check: 'secret-never-returned',
    given: 'a key without its secret',
    ctx: ctxFor('getApiKey', 'api-key', { secrets: new Set(['pl_test_Secret0000000000000000000000000001']) }),
    ex: exchange({ status: 200, body: key }),
    want: 'pass',
  },
  {
    check: 'secret-never-returned',
    given: 'a known secret in a read',
    ctx: ctxFor('getApiKey', 'api-key', { secrets: new Set(['pl_test_Secret0000000000000000000000000001']) }),
    ex: exchange({ status: 200, body: { ...key, name: 'pl_test_Secret0000000000000000000000000001' } }),
    want: { fail: 'contains the secret of a key' },
  },
  {
    check: 'secret-never-returned',
    given: 'a secret member in a read',
    ctx: ctxFor('getApiKey', 'api-key'),
    ex: exchange({ status: 200, body: { ...key, secret: 'x' } }),
    want: { fail: 'has a secret member at /secret' },
  },
  {
    check: 'secret-never-returned',
    given: 'the create answer (documents the secret)',
    ctx: ctxFor('createApiKey', 'create-key', { secrets: new Set([String(created.secret)]) }),
    ex: exchange({ status: 201, body: created }),
    want: 'na',
  },
];

describe('checks', () => {
  verdictTable(rows);

  it('has a failing row for every response check', () => {
    const failing = failingChecks(rows);
    for (const id of RESPONSE_CHECKS) expect(failing, id).toContain(id);
  });

  it('reports a broken check as a failure, never a crash', () => {
    const [result] = runChecks(
      ['body-schema'],
      { ...getAgent(), operation: { ...getAgent().operation, op: null as never } },
      exchange({ status: 200, body: agent }),
    );
    expect(result).toMatchObject({ status: 'failed' });
    expect(result.message).toMatch(/the check itself failed/);
  });
});

describe('probe verdicts', () => {
  const verdictRows: VerdictRow[] = [
    {
      check: 'missing-key-refused',
      given: 'a 401',
      ctx: ctxFor('getAgent', 'missing-key'),
      ex: exchange({ status: 401, body: problem(401, 'UNAUTHORIZED') }),
      want: 'pass',
    },
    {
      check: 'missing-key-refused',
      given: 'a 200',
      ctx: ctxFor('getAgent', 'missing-key'),
      ex: exchange({ status: 200, body: agent }),
      want: { fail: 'a request without credentials was not refused: documented 401, received 200' },
    },
    {
      check: 'cross-account-not-found',
      given: 'a 403 that leaks existence',
      ctx: agentNotFound(),
      ex: exchange({ status: 403, body: problem(403, 'INSUFFICIENT_SCOPE') }),
      want: { fail: 'must be 404, never 403' },
    },
    {
      check: 'x-api-key-equivalent',
      given: 'the same answer',
      ctx: getAgent({ evidence: { kind: 'x-api-key', bearer: exchange({ status: 200, body: agent }) } }),
      ex: exchange({ status: 200, body: agent }),
      want: 'pass',
    },
    {
      check: 'x-api-key-equivalent',
      given: 'a 401 where Bearer got 200',
      ctx: getAgent({ evidence: { kind: 'x-api-key', bearer: exchange({ status: 200, body: agent }) } }),
      ex: exchange({ status: 401, body: problem(401, 'UNAUTHORIZED') }),
      want: { fail: 'Bearer got 200, X-API-Key got 401 UNAUTHORIZED' },
    },
    {
      check: 'remaining-decreases',
      given: '57 → 56 → 55',
      ctx: getAgent({
        evidence: {
          kind: 'remaining-series',
          series: [57, 56, 55].map((r) => exchange({ status: 200, body: agent, headers: rateLimitHeaders(100, r) })),
        },
      }),
      ex: exchange({ status: 200, body: agent }),
      want: 'pass',
    },
    {
      check: 'remaining-decreases',
      given: '57 → 57 → 57',
      ctx: getAgent({
        evidence: {
          kind: 'remaining-series',
          series: [57, 57, 57].map((r) => exchange({ status: 200, body: agent, headers: rateLimitHeaders(100, r) })),
        },
      }),
      ex: exchange({ status: 200, body: agent }),
      want: { fail: 'went 57 → 57 → 57' },
    },
    {
      check: 'rate-limit-exhaustion',
      given: 'exactly the limit admitted',
      ctx: getAgent({ evidence: { kind: 'exhaustion', limit: 10, sent: 13, admitted: 10, refused: 3, exact: true } }),
      ex: exchange({ status: 429 }),
      want: 'pass',
    },
    {
      check: 'rate-limit-exhaustion',
      given: 'one too many admitted',
      ctx: getAgent({ evidence: { kind: 'exhaustion', limit: 10, sent: 13, admitted: 11, refused: 2, exact: true } }),
      ex: exchange({ status: 429 }),
      want: { fail: 'a limit of 10 admitted 11 of 13' },
    },
    {
      check: 'rate-limit-exhaustion',
      given: 'nothing refused',
      ctx: getAgent({ evidence: { kind: 'exhaustion', limit: 10, sent: 13, admitted: 13, refused: 0, exact: true } }),
      ex: exchange({ status: 200 }),
      want: { fail: 'none was refused' },
    },
    {
      check: 'rate-limit-exhaustion',
      given: 'a shared budget that ends (not counted exactly)',
      ctx: getAgent({ evidence: { kind: 'exhaustion', limit: 5, sent: 2, admitted: 1, refused: 1, exact: false } }),
      ex: exchange({ status: 429 }),
      want: 'pass',
    },
    {
      check: 'concurrency-limit-enforced',
      given: 'a 429 at the limit',
      ctx: ctxFor('triggerCall', 'concurrency-limit', { evidence: { kind: 'active-calls', limit: 5, active: 5 } }),
      ex: exchange({ status: 429, body: problem(429, 'CONCURRENCY_LIMIT') }),
      want: 'pass',
    },
    {
      check: 'concurrency-limit-enforced',
      given: 'six active',
      ctx: ctxFor('triggerCall', 'concurrency-limit', { evidence: { kind: 'active-calls', limit: 5, active: 6 } }),
      ex: exchange({ status: 201 }),
      want: { fail: '6 calls were active at once' },
    },
    {
      check: 'idempotent-replay',
      given: 'the stored answer, marked',
      ctx: ctxFor('createApiKey', 'create-key', {
        evidence: { kind: 'idempotent-first', first: exchange({ status: 201, body: created }) },
      }),
      ex: exchange({ status: 201, body: created, headers: { 'idempotent-replayed': 'true' } }),
      want: 'pass',
    },
    {
      check: 'idempotent-replay',
      given: 'a second execution',
      ctx: ctxFor('createApiKey', 'create-key', {
        evidence: { kind: 'idempotent-first', first: exchange({ status: 201, body: created }) },
      }),
      ex: exchange({ status: 201, body: { ...created, id: 'key_Other000000000000001' } }),
      want: { fail: 'the replay body differs' },
    },
    {
      check: 'idempotency-in-progress',
      given: 'one execution, the rest 409 or replays',
      ctx: ctxFor('createApiKey', 'idempotency-in-progress', {
        evidence: {
          kind: 'idempotent-duplicates',
          duplicates: [
            exchange({ status: 201, body: created }),
            exchange({ status: 409, body: problem(409, 'IDEMPOTENCY_IN_PROGRESS') }),
            exchange({ status: 201, body: created, headers: { 'idempotent-replayed': 'true' } }),
          ],
        },
      }),
      ex: exchange({ status: 409 }),
      want: 'pass',
    },
    {
      check: 'idempotency-in-progress',
      given: 'two executions',
      ctx: ctxFor('createApiKey', 'idempotency-in-progress', {
        evidence: {
          kind: 'idempotent-duplicates',
          duplicates: [
            exchange({ status: 201, body: created }),
            exchange({ status: 201, body: { ...created, id: 'key_Other000000000000001' } }),
          ],
        },
      }),
      ex: exchange({ status: 201 }),
      want: { fail: 'executed 2 times' },
    },
    {
      check: 'idempotency-account-isolation',
      given: 'a fresh execution',
      ctx: ctxFor('createApiKey', 'create-key', {
        evidence: { kind: 'idempotent-other-account', ours: exchange({ status: 201, body: created }) },
      }),
      ex: exchange({ status: 201, body: { ...created, id: 'key_Other000000000000001' } }),
      want: 'pass',
    },
    {
      check: 'idempotency-account-isolation',
      given: 'our stored answer',
      ctx: ctxFor('createApiKey', 'create-key', {
        evidence: { kind: 'idempotent-other-account', ours: exchange({ status: 201, body: created }) },
      }),
      ex: exchange({ status: 201, body: created, headers: { 'idempotent-replayed': 'true' } }),
      want: { fail: "the other account got this account's stored response" },
    },
  ];
  verdictTable(verdictRows);
});
