// The pipeline end to end in process: routing, bad input (always a 4xx problem, never a 500),
// parameter coercion, response validation, unexpected errors and the request log.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/problem.js';
import { memoryLogger } from '../log.js';
import { validateComponent } from '../testing/assert.js';
import { pairsOf } from '../testing/examples.js';
import { ADMIN_KEY, bearer, type TestStub, testStub } from '../testing/stub.js';

const REQUEST_ID = /^req_[A-Za-z0-9]{22}$/;
const json = { 'content-type': 'application/json' };
const auth = bearer(ADMIN_KEY);
const agentId = 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6';

let stub: TestStub;
const log = memoryLogger();
const seen: Array<{ op: string; input: any }> = [];
const record = (op: string) => (input: any) => {
  seen.push({ op, input });
  throw new ApiError('NOT_FOUND', 'recorded');
};

beforeAll(async () => {
  stub = await testStub({
    log,
    config: { limitScale: 100 },
    override: {
      importAgent: record('importAgent'),
      getAgent: record('getAgent'),
      listAgents: (input: any) => {
        seen.push({ op: 'listAgents', input });
        return { status: 200, body: { object: 'list', data: [], has_more: false, next_cursor: null } };
      },
      // Broken on purpose: caught by response validation.
      getNumber: () => ({ status: 200, body: { id: 'nope' } }),
      getBillingBalance: () => ({ status: 201, body: {} }),
      getAccount: () => {
        throw new ApiError('CONFLICT', 'getAccount documents no 409');
      },
      getIpAllowlist: () => {
        throw new TypeError('boom');
      },
    },
  });
});
afterAll(() => stub.close());

interface Case {
  given: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer | object;
  status: number;
  code?: string;
  fields?: string[];
  /** True when the response must carry the rate-limit headers (an authenticated request). */
  limited?: boolean;
}

const big = (bytes: number) => JSON.stringify({ agent_id: agentId, to: '+14155550123', metadata: { pad: 'x'.repeat(bytes) } });

const table: Case[] = [
  { given: 'an unknown path', method: 'GET', url: '/v1/nothing-here', status: 404, code: 'NOT_FOUND' },
  { given: 'an unknown path with credentials', method: 'GET', url: '/v2/account', headers: auth, status: 404, code: 'NOT_FOUND' },
  { given: 'a trailing slash', method: 'GET', url: '/v1/account/', headers: auth, status: 404, code: 'NOT_FOUND' },
  { given: 'a method the path does not have', method: 'DELETE', url: '/v1/account', headers: auth, status: 405 },
  { given: 'GET on the fixed path /v1/agents/import (not getAgent)', method: 'GET', url: '/v1/agents/import', headers: auth, status: 405 },
  {
    given: 'a path id without the resource shape',
    method: 'GET',
    url: '/v1/agents/not-an-id',
    headers: auth,
    status: 404,
    code: 'NOT_FOUND',
    limited: true,
  },
  {
    given: 'a path id of another resource type',
    method: 'GET',
    url: '/v1/calls/agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6',
    headers: auth,
    status: 404,
    code: 'NOT_FOUND',
    limited: true,
  },
  {
    given: 'limit above its maximum',
    method: 'GET',
    url: '/v1/agents?limit=500',
    headers: auth,
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['query.limit'],
    limited: true,
  },
  {
    given: 'limit that is not a number',
    method: 'GET',
    url: '/v1/agents?limit=ten',
    headers: auth,
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['query.limit'],
    limited: true,
  },
  {
    given: 'a repeated scalar query parameter',
    method: 'GET',
    url: '/v1/agents?limit=1&limit=2',
    headers: auth,
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['query.limit'],
    limited: true,
  },
  {
    given: 'two invalid query parameters',
    method: 'GET',
    url: '/v1/agents?limit=0&status=sleeping',
    headers: auth,
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['query.limit', 'query.status'],
    limited: true,
  },
  {
    given: 'a body that is not JSON',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: '{"agent_id": "agt_',
    status: 400,
    code: 'MALFORMED_REQUEST',
    limited: true,
  },
  {
    given: 'a body nested 10,000 levels deep (inside a uniqueItems array, whose check recurses)',
    method: 'PATCH',
    url: '/v1/contacts/ctc_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6',
    headers: { ...auth, ...json },
    payload: `{"tags":[${'['.repeat(10_000)}${']'.repeat(10_000)}]}`,
    status: 400,
    code: 'MALFORMED_REQUEST',
    limited: true,
  },
  {
    given: 'a path of 3,000 characters (echoed in the detail, clipped to the schema)',
    method: 'GET',
    url: `/v1/agents/agt_${'x'.repeat(3_000)}`,
    headers: auth,
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    given: 'an unknown body field named with 1,000 characters (echoed in errors[].field, clipped)',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: { agent_id: agentId, to: '+14155550123', ['k'.repeat(1_000)]: 1 },
    status: 422,
    code: 'VALIDATION_ERROR',
    limited: true,
  },
  {
    given: 'a JSON array where an object belongs',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: '[1,2]',
    status: 400,
    code: 'MALFORMED_REQUEST',
    limited: true,
  },
  {
    given: 'a JSON string where an object belongs',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: '"hello"',
    status: 400,
    code: 'MALFORMED_REQUEST',
    limited: true,
  },
  {
    given: 'a text/plain body',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, 'content-type': 'text/plain' },
    payload: 'to=+14155550123',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    limited: true,
  },
  {
    given: 'a form body',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'to=1',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    limited: true,
  },
  {
    given: 'a body without Content-Type',
    method: 'POST',
    url: '/v1/calls',
    headers: auth,
    payload: Buffer.from('{}'),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    limited: true,
  },
  {
    given: 'a body of 65 KiB (limit 64 KiB)',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: big(65 * 1024),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    limited: true,
  },
  {
    given: 'a body of 2 MiB',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: big(2 * 1024 * 1024),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    limited: true,
  },
  {
    given: 'a bulk import of 2 MiB (limit 1 MiB)',
    method: 'POST',
    url: '/v1/contacts/import',
    headers: { ...auth, ...json },
    payload: JSON.stringify({ contacts: [{ pad: 'x'.repeat(2 * 1024 * 1024) }] }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    limited: true,
  },
  {
    given: 'a bulk import of 200 KiB is read (then fails its schema)',
    method: 'POST',
    url: '/v1/contacts/import',
    headers: { ...auth, ...json },
    payload: JSON.stringify({ contacts: [{ pad: 'x'.repeat(200 * 1024) }] }),
    status: 422,
    code: 'VALIDATION_ERROR',
    limited: true,
  },
  {
    given: 'no body where one is required',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['body'],
    limited: true,
  },
  {
    given: 'a missing and an unknown field',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: { agent_id: agentId, colour: 'red' },
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['body.colour', 'body.to'],
    limited: true,
  },
  {
    given: 'a field of the wrong type',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json },
    payload: { agent_id: 42, to: '+14155550123' },
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['body.agent_id'],
    limited: true,
  },
  {
    given: 'a nested invalid field',
    method: 'PUT',
    url: '/v1/ip-allowlist',
    headers: { ...auth, ...json },
    payload: { entries: [{ value: '10.0.0.0/8' }, { value: '10.0.0.0/33' }] },
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['body.entries[1].value'],
    limited: true,
  },
  {
    given: 'an empty Idempotency-Key',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json, 'idempotency-key': '' },
    payload: { agent_id: agentId, to: '+14155550123' },
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['header.Idempotency-Key'],
    limited: true,
  },
  {
    given: 'an Idempotency-Key of 256 characters',
    method: 'POST',
    url: '/v1/calls',
    headers: { ...auth, ...json, 'idempotency-key': 'k'.repeat(256) },
    payload: { agent_id: agentId, to: '+14155550123' },
    status: 422,
    code: 'VALIDATION_ERROR',
    fields: ['header.Idempotency-Key'],
    limited: true,
  },
  {
    given: 'a handler answering a body that breaks its schema',
    method: 'GET',
    url: '/v1/numbers/num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1',
    headers: auth,
    status: 500,
    code: 'INTERNAL_ERROR',
    limited: true,
  },
  {
    given: 'a handler answering an undocumented status',
    method: 'GET',
    url: '/v1/billing/balance',
    headers: auth,
    status: 500,
    code: 'INTERNAL_ERROR',
    limited: true,
  },
  {
    given: 'a handler throwing an undocumented error status',
    method: 'GET',
    url: '/v1/account',
    headers: auth,
    status: 500,
    code: 'INTERNAL_ERROR',
    limited: true,
  },
  {
    given: 'a handler throwing a plain exception',
    method: 'GET',
    url: '/v1/ip-allowlist',
    headers: auth,
    status: 500,
    code: 'INTERNAL_ERROR',
    limited: true,
  },
];

describe('requests the pipeline refuses', () => {
  it.each(table)('$given → $status $code', async (c) => {
    const res = await stub.inject({ method: c.method as any, url: c.url, headers: c.headers, payload: c.payload as any });
    expect(res.statusCode).toBe(c.status);
    expect(res.headers['x-request-id']).toMatch(REQUEST_ID);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const body = res.json();
    expect(validateComponent('Problem', body)).toEqual([]);
    expect(body.status).toBe(c.status);
    expect(body.request_id).toBe(res.headers['x-request-id']);
    if (c.code) expect(body.code).toBe(c.code);
    if (c.fields) expect(body.errors.map((e: any) => e.field).sort()).toEqual(c.fields);
    expect(res.headers['x-ratelimit-limit'] !== undefined).toBe(Boolean(c.limited));
    if (c.limited) expect(res.headers.ratelimit).toMatch(/^"[a-z-]+";r=\d+;t=\d+$/);
  });

  it('answers 405 with the methods the path has', async () => {
    const res = await stub.inject({ method: 'PUT', url: '/v1/agents/agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', headers: auth });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, DELETE, PATCH');
  });
});

describe('over a socket', () => {
  it('answers an HTTP/1.1 request without Host with a 400 problem (node would answer with no body)', async () => {
    const { port } = await stub.listen(0, '127.0.0.1');
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(`GET /v1/account HTTP/1.1\r\nAuthorization: Bearer ${ADMIN_KEY}\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (c) => {
        data += c;
        if (data.includes('}')) socket.destroy();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'MALFORMED_REQUEST',
      detail: 'An HTTP/1.1 request must carry a Host header.',
    });
  });
});

describe('routing and inputs', () => {
  it('routes the fixed path /v1/agents/import to importAgent, and templated ids to getAgent', async () => {
    seen.length = 0;
    await stub.inject({
      method: 'POST',
      url: '/v1/agents/import',
      headers: { ...auth, ...json },
      payload: pairsBody('importAgent') as object,
    });
    await stub.inject({ method: 'GET', url: `/v1/agents/${agentId}`, headers: auth });
    expect(seen.map((s) => s.op)).toEqual(['importAgent', 'getAgent']);
    expect(seen[1].input.path).toEqual({ agent_id: agentId });
  });

  it('coerces query strings by schema type and applies defaults', async () => {
    seen.length = 0;
    await stub.inject({ method: 'GET', url: '/v1/agents?limit=5&status=active', headers: auth });
    await stub.inject({ method: 'GET', url: '/v1/agents', headers: auth });
    expect(seen[0].input.query).toEqual({ limit: 5, status: 'active' });
    expect(seen[1].input.query).toEqual({ limit: 20 });
  });

  it('logs a response that breaks the spec with what broke', async () => {
    const res = await stub.inject({ method: 'GET', url: '/v1/numbers/num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1', headers: auth });
    const line = log.lines.find((l) => l.msg === 'response breaks the spec' && l.request_id === res.headers['x-request-id']);
    expect(line?.breach).toMatch(/^getNumber 200 body breaks the spec: .*must have required property/);
  });

  it('keeps serving after an unexpected exception', async () => {
    const res = await stub.inject({ method: 'GET', url: '/v1/ip-allowlist', headers: auth });
    expect(res.statusCode).toBe(500);
    expect(log.lines.some((l) => l.msg === 'unexpected error' && String(l.error).includes('boom'))).toBe(true);
    expect((await stub.inject({ method: 'GET', url: '/v1/api-keys', headers: auth })).statusCode).toBe(200);
  });
});

describe('the request log', () => {
  it('has one line per request with id, method, route, status and ms, and never a secret, query value or body', async () => {
    log.lines.length = 0;
    const secretish = `pl_test_${'S'.repeat(40)}`;
    const res = await stub.inject({ method: 'GET', url: '/v1/agents?status=active&limit=7', headers: { 'x-api-key': ADMIN_KEY } });
    await stub.inject({
      method: 'POST',
      url: '/v1/calls',
      headers: { ...auth, ...json },
      payload: { agent_id: agentId, to: '+19998887777' },
    });
    await stub.inject({ method: 'GET', url: '/v1/account', headers: bearer(secretish) });
    const requests = log.lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({
      request_id: res.headers['x-request-id'],
      method: 'GET',
      route: '/v1/agents',
      operation: 'listAgents',
      status: 200,
    });
    expect(typeof requests[0].ms).toBe('number');
    const text = JSON.stringify(log.lines);
    for (const forbidden of [ADMIN_KEY, secretish, 'active', '+19998887777', 'limit=7']) expect(text).not.toContain(forbidden);
  });
});

function pairsBody(operationId: string) {
  return pairsOf(operationId).find((p) => p.response.status.startsWith('2'))!.request.body;
}
