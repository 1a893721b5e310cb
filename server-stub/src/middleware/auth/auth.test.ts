// Every security rule of ARCHITECTURE.md §2, through the pipeline (in process): where keys may come from,
// which keys are refused and how (status, code, WWW-Authenticate), scopes, IP allowlists on the
// socket address (a spoofed X-Forwarded-For included), and last_used_at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, ADMIN_KEY, bearer, mintKey, OTHER_KEY, type TestStub, testStub } from '../../testing/stub.js';
import { CHALLENGE, INVALID_TOKEN, KEY_IN_URL_DETAIL, MISSING_KEY_DETAIL } from './authenticate.js';

let stub: TestStub;
let now = Date.parse('2026-11-20T09:00:00Z');
const keys: Record<string, string> = {};

beforeAll(async () => {
  stub = await testStub({ now: () => now, config: { limitScale: 100 } });
  keys.readOnly = mintKey(stub, ['account:read']);
  keys.calls = mintKey(stub, ['calls:write', 'calls:read']);
  keys.revoked = mintKey(stub, ['account:read']);
  const revoked = stub.stores.keys.findBySecret(keys.revoked)!;
  stub.stores.keys.save(revoked.accountId, { ...revoked.key, revoked_at: new Date(now).toISOString() }, revoked.secretHash);
  keys.expired = mintKey(stub, ['account:read'], { expires_at: new Date(now - 1000).toISOString() });
  keys.notYetExpired = mintKey(stub, ['account:read'], { expires_at: new Date(now + 3_600_000).toISOString() });
  keys.officeOnly = mintKey(stub, ['account:read'], { allowed_ips: ['198.51.100.0/24', '2001:db8::/32'] });
  keys.live = mintKey(stub, ['account:read'], { mode: 'live' });
});
afterAll(() => stub.close());

interface Case {
  given: string;
  url?: string;
  method?: string;
  headers?: () => Record<string, string>;
  payload?: unknown;
  status: number;
  code?: string;
  challenge?: string;
  detail?: string;
}

const json = { 'content-type': 'application/json' };
const call = { agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', to: '+14155550123' };

const table: Case[] = [
  { given: 'no credentials', status: 401, code: 'UNAUTHORIZED', challenge: CHALLENGE, detail: MISSING_KEY_DETAIL },
  { given: 'a valid Bearer key', headers: () => bearer(ADMIN_KEY), status: 200 },
  { given: 'a valid key with the scheme in lower case', headers: () => ({ authorization: `bearer ${ADMIN_KEY}` }), status: 200 },
  { given: 'a valid X-API-Key', headers: () => ({ 'x-api-key': ADMIN_KEY }), status: 200 },
  { given: 'both headers with the same key', headers: () => ({ ...bearer(ADMIN_KEY), 'x-api-key': ADMIN_KEY }), status: 200 },
  {
    given: 'both headers with different keys',
    headers: () => ({ ...bearer(ADMIN_KEY), 'x-api-key': OTHER_KEY }),
    status: 400,
    code: 'MALFORMED_REQUEST',
  },
  { given: 'a malformed key', headers: () => bearer('pl_test_short'), status: 401, code: 'UNAUTHORIZED', challenge: INVALID_TOKEN },
  {
    given: 'a key of a foreign format',
    headers: () => bearer(`sk_live_${'a'.repeat(40)}`),
    status: 401,
    code: 'UNAUTHORIZED',
    challenge: INVALID_TOKEN,
  },
  {
    given: 'an unknown well-formed key',
    headers: () => bearer(`pl_test_${'Z'.repeat(40)}`),
    status: 401,
    code: 'UNAUTHORIZED',
    challenge: INVALID_TOKEN,
  },
  {
    given: 'an unknown key in X-API-Key',
    headers: () => ({ 'x-api-key': `pl_live_${'Z'.repeat(40)}` }),
    status: 401,
    code: 'UNAUTHORIZED',
    challenge: INVALID_TOKEN,
  },
  { given: 'a revoked key', headers: () => bearer(keys.revoked), status: 401, code: 'UNAUTHORIZED', challenge: INVALID_TOKEN },
  { given: 'an expired key', headers: () => bearer(keys.expired), status: 401, code: 'UNAUTHORIZED', challenge: INVALID_TOKEN },
  { given: 'a key that expires later', headers: () => bearer(keys.notYetExpired), status: 200 },
  {
    given: 'Basic credentials',
    headers: () => ({ authorization: 'Basic dXNlcjpwYXNz' }),
    status: 401,
    code: 'UNAUTHORIZED',
    challenge: INVALID_TOKEN,
  },
  {
    given: 'a valid key in the query string',
    url: `/v1/account?api_key=${ADMIN_KEY}`,
    status: 401,
    code: 'UNAUTHORIZED',
    challenge: CHALLENGE,
    detail: KEY_IN_URL_DETAIL,
  },
  {
    given: 'a key in the query string beside a valid header',
    url: `/v1/account?access_token=${ADMIN_KEY}`,
    headers: () => bearer(ADMIN_KEY),
    status: 401,
    code: 'UNAUTHORIZED',
    detail: KEY_IN_URL_DETAIL,
  },
  {
    given: 'a key-shaped value under any query name',
    url: `/v1/account?q=${ADMIN_KEY}`,
    headers: () => bearer(ADMIN_KEY),
    status: 401,
    detail: KEY_IN_URL_DETAIL,
  },
  {
    given: 'a key in the JSON body, no header',
    method: 'POST',
    url: '/v1/calls',
    headers: () => json,
    payload: { ...call, api_key: ADMIN_KEY },
    status: 401,
    detail: KEY_IN_URL_DETAIL,
  },
  {
    given: 'a key in a form body, no header',
    method: 'POST',
    url: '/v1/calls',
    headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }),
    payload: `apikey=${ADMIN_KEY}`,
    status: 401,
    detail: KEY_IN_URL_DETAIL,
  },
  {
    given: 'a key-shaped value deep in the body beside a valid header',
    method: 'POST',
    url: '/v1/calls',
    headers: () => ({ ...bearer(ADMIN_KEY), ...json }),
    payload: { ...call, metadata: { k: ADMIN_KEY } },
    status: 401,
    detail: KEY_IN_URL_DETAIL,
  },
  {
    given: 'a body without keys and no header',
    method: 'POST',
    url: '/v1/calls',
    headers: () => json,
    payload: call,
    status: 401,
    detail: MISSING_KEY_DETAIL,
  },
  {
    given: 'a key without the scope',
    url: '/v1/api-keys',
    headers: () => bearer(keys.readOnly),
    status: 403,
    code: 'INSUFFICIENT_SCOPE',
    challenge: 'Bearer realm="parley", error="insufficient_scope", scope="keys:read"',
  },
  {
    given: 'a key without the write scope',
    method: 'POST',
    url: '/v1/calls',
    headers: () => ({ ...bearer(keys.readOnly), ...json }),
    payload: call,
    status: 403,
    code: 'INSUFFICIENT_SCOPE',
    challenge: 'Bearer realm="parley", error="insufficient_scope", scope="calls:write"',
  },
  {
    given: 'a key with the scope',
    method: 'POST',
    url: '/v1/calls',
    headers: () => ({ ...bearer(keys.calls), ...json }),
    payload: call,
    status: 201,
  },
  { given: 'a live key', headers: () => bearer(keys.live), status: 200 },
];

describe('credentials, keys and scopes', () => {
  it.each(table)('$given → $status', async (c) => {
    const res = await stub.inject({
      method: (c.method ?? 'GET') as any,
      url: c.url ?? '/v1/account',
      headers: c.headers?.(),
      payload: c.payload as any,
    });
    expect(res.statusCode, res.body).toBe(c.status);
    const body = res.json();
    if (c.code) expect(body.code).toBe(c.code);
    if (c.detail) expect(body.detail).toBe(c.detail);
    if (c.challenge) expect(res.headers['www-authenticate']).toBe(c.challenge);
    // A 401 for a key presented in a header counts against the address's refused keys and says
    // so; one without such a key (none, or a key in the URL or body) is counted by nothing.
    if (c.status === 401) {
      const h = Object.keys(c.headers?.() ?? {}).map((k) => k.toLowerCase());
      const presented = (h.includes('authorization') || h.includes('x-api-key')) && body.detail !== KEY_IN_URL_DETAIL;
      expect(res.headers['ratelimit-policy'], c.given).toBe(presented ? '"auth-failures";q=60000;w=600' : undefined);
    }
    if (c.status === 403 || c.status < 300) expect(res.headers['x-ratelimit-remaining']).toBeDefined();
    if (c.status === 400) expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('passes the key mode to handlers', async () => {
    const modes: string[] = [];
    const s = await testStub({
      override: { getAccount: (_i: any, ctx: any) => (modes.push(ctx.mode), { status: 200, body: { ...accountBody } }) },
    });
    const live = mintKey(s, ['account:read'], { mode: 'live' });
    await s.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) });
    await s.inject({ url: '/v1/account', headers: bearer(live) });
    expect(modes).toEqual(['test', 'live']);
    await s.close();
  });
});

const accountBody = {
  id: 'acct_7QmT2vXc9LpR4sWz8KdN1e',
  object: 'account',
  email: 'ops@acme.example',
  company_name: 'Acme Dental',
  mode: 'test',
  minutes_balance: 500,
  balance: { amount: 2500, currency: 'USD' },
  monthly_usage_minutes: 120,
  monthly_spend_cap: null,
  active_numbers: 1,
  active_agents: 0,
  active_calls: 0,
  created_at: '2026-01-15T08:00:00Z',
};

describe('IP allowlists', () => {
  const setAccountList = (values: string[]) => {
    const account = stub.stores.accounts.get(ACCOUNT)!;
    account.ip_allowlist = values.map((value) => ({ value, description: null, created_at: new Date(now).toISOString() }) as any);
    stub.stores.accounts.save(account);
  };

  interface IpCase {
    given: string;
    accountList: string[];
    key?: 'officeOnly';
    peer: string;
    xff?: string;
    trusted?: string[];
    status: number;
    /** The address the refusal names, when not the peer. */
    seenAs?: string;
  }
  const ipTable: IpCase[] = [
    { given: 'no lists', accountList: [], peer: '203.0.113.7', status: 200 },
    { given: 'peer inside the account range', accountList: ['203.0.113.0/24'], peer: '203.0.113.7', status: 200 },
    { given: 'peer outside the account range', accountList: ['198.51.100.0/24'], peer: '203.0.113.7', status: 403 },
    { given: 'IPv4-mapped socket address inside an IPv4 range', accountList: ['203.0.113.0/24'], peer: '::ffff:203.0.113.7', status: 200 },
    { given: 'IPv6 peer inside an IPv6 range', accountList: ['2001:db8:4a::/48'], peer: '2001:db8:4a::9', status: 200 },
    { given: 'IPv6 peer outside', accountList: ['2001:db8:4a::/48'], peer: '2001:db8:4b::9', status: 403 },
    { given: 'single address entry', accountList: ['127.0.0.1'], peer: '127.0.0.1', status: 200 },
    {
      given: 'spoofed X-Forwarded-For, no trusted proxies',
      accountList: ['198.51.100.0/24'],
      peer: '203.0.113.7',
      xff: '198.51.100.1',
      status: 403,
    },
    {
      given: 'X-Forwarded-For from a peer that is not a trusted proxy',
      accountList: ['198.51.100.0/24'],
      peer: '203.0.113.7',
      xff: '198.51.100.1',
      trusted: ['10.0.0.0/8'],
      status: 403,
    },
    {
      given: 'X-Forwarded-For from a trusted proxy',
      accountList: ['198.51.100.0/24'],
      peer: '10.0.0.2',
      xff: '198.51.100.1',
      trusted: ['10.0.0.0/8'],
      status: 200,
    },
    {
      given: 'a client-prepended hop behind a trusted proxy',
      accountList: ['198.51.100.0/24'],
      peer: '10.0.0.2',
      xff: '198.51.100.1, 203.0.113.7',
      trusted: ['10.0.0.0/8'],
      status: 403,
      seenAs: '203.0.113.7',
    },
    { given: 'key allowed_ips admit the peer', accountList: [], key: 'officeOnly', peer: '198.51.100.20', status: 200 },
    { given: 'key allowed_ips refuse the peer', accountList: [], key: 'officeOnly', peer: '203.0.113.7', status: 403 },
    { given: 'key allowed_ips admit an IPv6 peer', accountList: [], key: 'officeOnly', peer: '2001:db8::1', status: 200 },
    {
      given: 'key admits but the account does not',
      accountList: ['203.0.113.0/24'],
      key: 'officeOnly',
      peer: '198.51.100.20',
      status: 403,
    },
  ];

  it.each(ipTable)('$given → $status', async (c) => {
    setAccountList(c.accountList);
    const s = c.trusted ? await testStub({ now: () => now, config: { trustedProxies: c.trusted } }) : stub;
    const key = c.key ? keys[c.key] : ADMIN_KEY;
    let secret = key;
    if (s !== stub) {
      // A fresh stub has its own database: mirror the list there.
      const account = s.stores.accounts.get(ACCOUNT)!;
      account.ip_allowlist = stub.stores.accounts.get(ACCOUNT)!.ip_allowlist;
      s.stores.accounts.save(account);
      secret = c.key ? mintKey(s, ['account:read'], { allowed_ips: ['198.51.100.0/24', '2001:db8::/32'] }) : ADMIN_KEY;
    }
    const res = await s.inject({
      url: '/v1/account',
      headers: { ...bearer(secret), ...(c.xff ? { 'x-forwarded-for': c.xff } : {}) },
      remoteAddress: c.peer,
    });
    expect(res.statusCode, res.body).toBe(c.status);
    if (c.status === 403) {
      expect(res.json().code).toBe('IP_NOT_ALLOWED');
      expect(res.json().detail).toContain(c.seenAs ?? c.peer.replace('::ffff:', ''));
      expect(res.headers['x-ratelimit-limit']).toBeDefined();
      expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    }
    if (s !== stub) await s.close();
    setAccountList([]);
  });
});

describe('last_used_at', () => {
  it('is set on use and written at most once per second', async () => {
    const secret = mintKey(stub, ['account:read']);
    const id = stub.stores.keys.findBySecret(secret)!.key.id;
    let writes = 0;
    const touch = stub.stores.keys.touch.bind(stub.stores.keys);
    stub.stores.keys.touch = (keyId, at) => {
      if (keyId === id) writes++;
      touch(keyId, at);
    };
    const at = now;
    for (let i = 0; i < 5; i++) await stub.inject({ url: '/v1/account', headers: bearer(secret) });
    expect(writes).toBe(1);
    expect(stub.stores.keys.get(ACCOUNT, id)!.key.last_used_at).toBe(new Date(at).toISOString());
    now += 1500;
    await stub.inject({ url: '/v1/account', headers: bearer(secret) });
    expect(writes).toBe(2);
    expect(stub.stores.keys.get(ACCOUNT, id)!.key.last_used_at).toBe(new Date(now).toISOString());
    stub.stores.keys.touch = touch;
  });
});
