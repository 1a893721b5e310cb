// The deliberately broken implementations: each entry is one fault the proxy injects in front of a
// conforming server, the cases to run (--only, to keep each run short) and the checks allowed to
// fail; the first of them must fail, and nothing outside the list may.
export type { FaultCase } from './proxy.js';

import { randomBytes } from 'node:crypto';
import { EXHAUSTIVE_FAULTS } from './catalogue-exhaustive.js';
import { GENERATED_FAULTS } from './catalogue-generated.js';
import { STATEFUL_FAULTS } from './catalogue-stateful.js';
import { WEBHOOK_FAULTS } from './catalogue-webhooks.js';
import { asAdmin, bearerOf, bodyJson, type FaultCase, type ProxyRequest, type ProxyResponse, pathOf, withJson } from './proxy.js';

const problem = (r: ProxyResponse) => bodyJson(r) as { code?: string; status?: number } | undefined;
const challengeScope = (r: ProxyResponse) => /scope="([^"]*)"/.exec(r.headers['www-authenticate'] ?? '')?.[1] ?? '';
const id22 = () => [...randomBytes(22)].map((b) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 62]).join('');
const isKeysPath = (req: ProxyRequest) => pathOf(req).startsWith('/v1/api-keys');

function rememberMintedKeys(res: ProxyResponse, req: ProxyRequest, memory: Map<string, unknown>) {
  if (req.method === 'POST' && pathOf(req) === '/v1/api-keys' && res.status === 201) {
    const key = bodyJson(res);
    memory.set(`secret:${key.id}`, key.secret);
    if (key.expires_at) memory.set(`expires:${key.secret}`, Date.parse(key.expires_at));
  }
}

const CORE_FAULTS: FaultCase[] = [
  // Security -----------------------------------------------------------------------------------
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['www-authenticate'],
    fault: {
      id: 'drop-www-authenticate',
      description: '401 answers carry no WWW-Authenticate challenge',
      response: (res) =>
        res.status === 401
          ? { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'www-authenticate')) }
          : undefined,
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listWebhooks)$',
    caughtBy: ['key-in-query-refused'],
    fault: {
      id: 'accept-key-in-query',
      description: 'a key in the query string is accepted (moved into the Authorization header)',
      request: (req) => {
        const url = new URL(req.url, 'http://x');
        const key = url.searchParams.get('api_key');
        if (!key) return;
        url.searchParams.delete('api_key');
        return { ...req, url: url.pathname + url.search, headers: { ...req.headers, authorization: `Bearer ${key}` } };
      },
    },
  },
  {
    area: 'security',
    only: '^createContact$',
    caughtBy: ['key-in-body-refused'],
    fault: {
      id: 'accept-key-in-body',
      description: 'a key in the JSON body is accepted',
      request: (req) => {
        const body = bodyJson(req);
        if (!body?.api_key || req.headers.authorization) return;
        const { api_key, ...rest } = body;
        return { ...withJson(req, rest), headers: { ...req.headers, authorization: `Bearer ${api_key}` } };
      },
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listContacts|getBillingBalance)$',
    caughtBy: ['insufficient-scope-refused', 'scope-matrix-refused'],
    fault: {
      id: 'ignore-scopes',
      description: 'operation scopes are not enforced',
      response: (res, req, ctx) =>
        res.status === 403 && problem(res)?.code === 'INSUFFICIENT_SCOPE' && !isKeysPath(req) ? ctx.forward(asAdmin(req, ctx)) : undefined,
    },
  },
  {
    area: 'security',
    only: '^(createApiKey|rotateApiKey)$',
    caughtBy: ['no-privilege-escalation'],
    fault: {
      id: 'allow-privilege-escalation',
      description: 'a key may mint or rotate keys broader than itself',
      response: (res, req, ctx) =>
        res.status === 403 &&
        problem(res)?.code === 'INSUFFICIENT_SCOPE' &&
        isKeysPath(req) &&
        !challengeScope(res).split(' ').includes('keys:write')
          ? ctx.forward(asAdmin(req, ctx))
          : undefined,
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['forwarded-for-ignored'],
    fault: {
      id: 'trust-x-forwarded-for',
      description: 'X-Forwarded-For is trusted from any client',
      response: (res, req, ctx) =>
        res.status === 403 && problem(res)?.code === 'IP_NOT_ALLOWED' && req.headers['x-forwarded-for']
          ? ctx.forward(asAdmin(req, ctx))
          : undefined,
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['ip-allowlist-enforced', 'forwarded-for-ignored'],
    fault: {
      id: 'ignore-key-allowed-ips',
      description: "a key's allowed_ips are not enforced",
      response: (res, req, ctx) =>
        res.status === 403 && problem(res)?.code === 'IP_NOT_ALLOWED' ? ctx.forward(asAdmin(req, ctx)) : undefined,
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['revoked-key-refused'],
    fault: {
      id: 'accept-revoked-keys',
      description: 'revoked keys keep working',
      request: (req, ctx) => {
        const bearer = bearerOf(req);
        return bearer && ctx.memory.get(`revoked:${bearer}`) ? asAdmin(req, ctx) : undefined;
      },
      response: (res, req, ctx) => {
        rememberMintedKeys(res, req, ctx.memory);
        const m = /^\/v1\/api-keys\/([^/]+)$/.exec(pathOf(req));
        if (req.method === 'DELETE' && m && res.status === 200) ctx.memory.set(`revoked:${ctx.memory.get(`secret:${m[1]}`)}`, true);
      },
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['expired-key-refused'],
    fault: {
      id: 'accept-expired-keys',
      description: 'expired keys keep working',
      request: (req, ctx) => {
        const bearer = bearerOf(req);
        const expires = bearer ? (ctx.memory.get(`expires:${bearer}`) as number | undefined) : undefined;
        return expires !== undefined && expires <= Date.now() ? asAdmin(req, ctx) : undefined;
      },
      response: (res, req, ctx) => void rememberMintedKeys(res, req, ctx.memory),
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['x-api-key-equivalent'],
    fault: {
      id: 'ignore-x-api-key',
      description: 'X-API-Key is not read (only Bearer works)',
      request: (req) => {
        if (!req.headers['x-api-key'] || req.headers.authorization) return;
        const headers = { ...req.headers };
        delete headers['x-api-key'];
        return { ...req, headers };
      },
    },
  },
  {
    area: 'security',
    only: '^(getAccount|listAgents)$',
    caughtBy: ['bearer-scheme-case-insensitive'],
    fault: {
      id: 'case-sensitive-bearer-scheme',
      description: 'only `Bearer` is read as the scheme: `bearer <key>` is treated as no credentials',
      request: (req) => {
        const authorization = req.headers.authorization;
        if (!authorization || authorization.startsWith('Bearer ')) return;
        const headers = { ...req.headers };
        delete headers.authorization;
        return { ...req, headers };
      },
    },
  },
  {
    area: 'security',
    only: '^createContact$',
    caughtBy: ['conflicting-keys-refused'],
    fault: {
      id: 'accept-two-different-keys',
      description: 'Authorization and X-API-Key with different keys: the Bearer one wins',
      request: (req) => {
        if (!req.headers['x-api-key'] || !req.headers.authorization || bearerOf(req) === req.headers['x-api-key']) return;
        const headers = { ...req.headers };
        delete headers['x-api-key'];
        return { ...req, headers };
      },
    },
  },
  {
    area: 'security',
    only: '^(getAgent|getContact)$',
    caughtBy: ['cross-account-not-found'],
    fault: {
      id: 'cross-account-403',
      description: "another account's resource answers 403 (leaking that it exists) instead of 404",
      response: (res, req, ctx) => {
        if (res.status !== 404 || bearerOf(req) !== ctx.otherKey) return;
        const p = bodyJson(res);
        return {
          ...withJson(res, { ...p, status: 403 }),
          status: 403,
          headers: { ...res.headers, 'www-authenticate': 'Bearer realm="parley"' },
        };
      },
    },
  },
  {
    area: 'security',
    only: '^getApiKey$',
    caughtBy: ['secret-never-returned', 'body-schema'],
    fault: {
      id: 'leak-secret-on-get',
      description: "GET /v1/api-keys/{id} returns the key's secret",
      response: (res, req, ctx) => {
        rememberMintedKeys(res, req, ctx.memory);
        const m = /^\/v1\/api-keys\/([^/]+)$/.exec(pathOf(req));
        const secret = m && ctx.memory.get(`secret:${m[1]}`);
        return req.method === 'GET' && res.status === 200 && secret ? withJson(res, { ...bodyJson(res), secret }) : undefined;
      },
    },
  },

  // Limits --------------------------------------------------------------------------------------
  {
    area: 'limits',
    only: '^getAccount$',
    caughtBy: ['rate-limit-headers'],
    fault: {
      id: 'drop-ratelimit-remaining',
      description: 'X-RateLimit-Remaining is missing',
      response: (res, req) =>
        pathOf(req) === '/v1/account' && res.headers['x-ratelimit-remaining']
          ? { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'x-ratelimit-remaining')) }
          : undefined,
    },
  },
  {
    area: 'limits',
    only: '^getAccount$',
    caughtBy: ['remaining-decreases', 'rate-limit-counts-exact'],
    fault: {
      id: 'constant-remaining',
      description: 'Remaining never decreases (both header families say limit − 1)',
      response: (res) => {
        const limit = Number(res.headers['x-ratelimit-limit']);
        if (!Number.isFinite(limit)) return;
        const r = String(limit - 1);
        return {
          ...res,
          headers: { ...res.headers, 'x-ratelimit-remaining': r, ratelimit: (res.headers.ratelimit ?? '').replace(/;r=\d+/, `;r=${r}`) },
        };
      },
    },
  },
  {
    area: 'limits',
    only: '^(getAccount|getAgent|listCalls)$',
    caughtBy: ['rate-limit-exhaustion', 'rate-limited-refused', 'rate-limit-counts-exact'],
    fault: {
      id: 'rate-limit-not-enforced',
      description: 'an exhausted key is served anyway',
      response: (res, req, ctx) =>
        res.status === 429 && problem(res)?.code === 'RATE_LIMITED' && !pathOf(req).startsWith('/v1/otp')
          ? ctx.forward(asAdmin(req, ctx))
          : undefined,
    },
  },
  {
    area: 'limits',
    only: '^(getAccount|getAgent)$',
    caughtBy: ['retry-after'],
    fault: {
      id: 'drop-retry-after',
      description: '429 answers carry no Retry-After',
      response: (res) =>
        res.status === 429
          ? { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'retry-after')) }
          : undefined,
    },
  },
  {
    area: 'limits',
    only: '^triggerCall$',
    caughtBy: ['concurrency-limit-enforced', 'concurrency-limit-exact'],
    fault: {
      id: 'no-concurrency-limit',
      description: 'a sixth simultaneous call is accepted',
      response: (res, req, ctx) => {
        if (req.method !== 'POST' || pathOf(req) !== '/v1/calls') return;
        if (res.status === 201) ctx.memory.set('call', bodyJson(res));
        const call = ctx.memory.get('call') as object | undefined;
        if (res.status !== 429 || problem(res)?.code !== 'CONCURRENCY_LIMIT' || !call) return;
        const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'retry-after'));
        return {
          ...withJson(res, { ...call, id: `call_${id22()}` }),
          status: 201,
          headers: { ...headers, 'content-type': 'application/json' },
        };
      },
    },
  },

  // Idempotency ---------------------------------------------------------------------------------
  {
    area: 'idempotency',
    only: '^createApiKey$',
    caughtBy: ['idempotent-replay', 'idempotency-in-progress'],
    fault: {
      id: 'strip-idempotent-replayed',
      description: 'replays are not marked Idempotent-Replayed',
      response: (res) =>
        res.headers['idempotent-replayed']
          ? { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'idempotent-replayed')) }
          : undefined,
    },
  },
  {
    area: 'idempotency',
    only: '^createApiKey$',
    // A server that ignores the header also accepts one that breaks its schema (too long): generated inputs see that too.
    caughtBy: ['idempotent-replay', 'idempotency-key-reuse-refused', 'idempotency-in-progress', 'negative-data-rejected'],
    fault: {
      id: 'ignore-idempotency-key',
      description: 'Idempotency-Key is ignored: duplicates execute twice',
      request: (req) => {
        if (!req.headers['idempotency-key']) return;
        const headers = { ...req.headers };
        delete headers['idempotency-key'];
        return { ...req, headers };
      },
    },
  },
  {
    area: 'idempotency',
    only: '^createApiKey$',
    caughtBy: ['idempotency-account-isolation'],
    fault: {
      id: 'idempotency-keys-shared-across-accounts',
      description: "another account's identical Idempotency-Key gets this account's stored answer",
      response: (res, req, ctx) => {
        const key = req.headers['idempotency-key'];
        if (!key || req.method !== 'POST') return;
        if (bearerOf(req) !== ctx.otherKey) {
          if (res.status < 300) ctx.memory.set(`idem:${key}`, res);
          return;
        }
        const stored = ctx.memory.get(`idem:${key}`) as ProxyResponse | undefined;
        return stored ? { ...stored, headers: { ...stored.headers, 'idempotent-replayed': 'true' } } : undefined;
      },
    },
  },
  {
    area: 'headers',
    only: '^createApiKey$',
    caughtBy: ['documented-headers', 'idempotent-replay'],
    fault: {
      id: 'idempotent-replayed-false',
      description: 'first executions say Idempotent-Replayed: false (the header only allows "true")',
      response: (res, req) =>
        req.headers['idempotency-key'] && res.status < 300 && !res.headers['idempotent-replayed']
          ? { ...res, headers: { ...res.headers, 'idempotent-replayed': 'false' } }
          : undefined,
    },
  },

  // Schemas, stable values, status codes, headers -------------------------------------------------
  {
    area: 'schemas',
    only: '^(getNumber|listNumbers)$',
    caughtBy: ['body-schema'],
    fault: {
      id: 'extra-property',
      description: 'GET /v1/numbers/{id} adds an undocumented property',
      response: (res, req) =>
        req.method === 'GET' && /^\/v1\/numbers\/[^/]+$/.test(pathOf(req)) && res.status === 200
          ? withJson(res, { ...bodyJson(res), debug: true })
          : undefined,
    },
  },
  {
    area: 'schemas',
    only: '^(getNumber|listNumbers)$',
    caughtBy: ['stable-values'],
    fault: {
      id: 'wrong-enum-value',
      description: 'a number reads as released while it is active (a valid enum, not the documented one)',
      response: (res, req) =>
        req.method === 'GET' && /^\/v1\/numbers\/[^/]+$/.test(pathOf(req)) && res.status === 200
          ? withJson(res, { ...bodyJson(res), status: 'released' })
          : undefined,
    },
  },
  {
    area: 'schemas',
    only: '^getContact$',
    caughtBy: ['error-code'],
    fault: {
      id: 'wrong-error-code',
      description: 'a missing contact answers code CONFLICT',
      response: (res, req) =>
        req.method === 'GET' && pathOf(req).startsWith('/v1/contacts/') && res.status === 404
          ? withJson(res, { ...bodyJson(res), code: 'CONFLICT' })
          : undefined,
    },
  },
  {
    area: 'schemas',
    only: '^getWebhook$',
    caughtBy: ['problem-details'],
    fault: {
      id: 'problem-status-mismatch',
      description: 'a 404 problem says status 400',
      response: (res, req) =>
        pathOf(req).startsWith('/v1/webhooks/') && res.status === 404 ? withJson(res, { ...bodyJson(res), status: 400 }) : undefined,
    },
  },
  {
    area: 'status codes',
    only: '^(createWebhook|getWebhook)$',
    caughtBy: ['status-code', 'status-documented'],
    fault: {
      id: 'undocumented-status',
      description: 'creating a webhook answers 200 instead of 201',
      response: (res, req) =>
        req.method === 'POST' && pathOf(req) === '/v1/webhooks' && res.status === 201 ? { ...res, status: 200 } : undefined,
    },
  },
  {
    area: 'headers',
    only: '^getAgent$',
    caughtBy: ['content-type'],
    fault: {
      id: 'wrong-content-type',
      description: 'errors are served as application/json, not problem+json',
      response: (res, req) =>
        pathOf(req).startsWith('/v1/agents/') && res.status === 404
          ? { ...res, headers: { ...res.headers, 'content-type': 'application/json' } }
          : undefined,
    },
  },
  {
    area: 'headers',
    only: '^(listAgents|createContact)$',
    caughtBy: ['request-id-header'],
    fault: {
      id: 'drop-request-id',
      description: '422 answers carry no X-Request-Id',
      response: (res) =>
        res.status === 422
          ? { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'x-request-id')) }
          : undefined,
    },
  },
  {
    area: 'status codes',
    only: '^createContact$',
    caughtBy: ['malformed-json-refused'],
    fault: {
      id: 'malformed-json-500',
      description: 'a body that is not JSON crashes the handler (500)',
      response: (res, req) => {
        if (res.status !== 400 || !/json/.test(req.headers['content-type'] ?? '')) return;
        try {
          JSON.parse(req.body.toString('utf8'));
          return;
        } catch {
          const p = bodyJson(res);
          return {
            ...withJson(res, {
              ...p,
              status: 500,
              code: 'INTERNAL_ERROR',
              title: 'Internal error',
              type: 'https://docs.parley.dev/errors/internal-error',
            }),
            status: 500,
          };
        }
      },
    },
  },

  // Transport ----------------------------------------------------------------------------------
  {
    area: 'transport',
    only: '^getBillingBalance$',
    caughtBy: ['response-received'],
    timeoutMs: 3000,
    fault: {
      id: 'hang',
      description: 'GET /v1/billing/balance never answers',
      request: (req) => (pathOf(req) === '/v1/billing/balance' ? 'hang' : undefined),
    },
  },
  {
    area: 'transport',
    only: '^listLookups$',
    caughtBy: ['response-received'],
    fault: {
      id: 'reset',
      description: 'GET /v1/lookups resets the connection',
      request: (req) => (req.method === 'GET' && pathOf(req) === '/v1/lookups' ? 'reset' : undefined),
    },
  },
  {
    area: 'transport',
    only: '^getAccount$',
    caughtBy: ['response-received'],
    fault: {
      id: 'reset-first-endpoint',
      description: 'GET /v1/account, the first endpoint the runner touches, resets every authenticated connection',
      request: (req) =>
        req.method === 'GET' && pathOf(req) === '/v1/account' && (req.headers.authorization || req.headers['x-api-key'])
          ? 'reset'
          : undefined,
    },
  },
  {
    area: 'transport',
    only: '^listMessages$',
    caughtBy: ['json-body'],
    fault: {
      id: 'invalid-json',
      description: 'GET /v1/messages answers truncated JSON',
      response: (res, req) =>
        req.method === 'GET' && pathOf(req) === '/v1/messages' && res.status === 200
          ? { ...res, body: res.body.subarray(0, Math.max(1, res.body.length - 7)) }
          : undefined,
    },
  },
  {
    area: 'transport',
    only: '^listBillingUsage$',
    caughtBy: ['response-received'],
    fault: {
      id: 'huge-body',
      description: 'GET /v1/billing/usage answers a 3 MiB body',
      response: (res, req) =>
        pathOf(req) === '/v1/billing/usage' && res.status === 200
          ? { ...res, body: Buffer.concat([res.body, Buffer.alloc(3 << 20, 0x20)]) }
          : undefined,
    },
  },
];

export const FAULTS: FaultCase[] = [...CORE_FAULTS, ...STATEFUL_FAULTS, ...EXHAUSTIVE_FAULTS, ...GENERATED_FAULTS, ...WEBHOOK_FAULTS];
