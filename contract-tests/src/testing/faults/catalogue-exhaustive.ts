// Faults that only the exhaustive checks catch (merged into catalogue.ts). Each passes every
// documented example: it only shows to the other account's key, to keys holding some scopes but
// not others, or once a limit is counted to its end.
import { randomBytes } from 'node:crypto';
import type { FaultCase } from './proxy.js';
import { asAdmin, bearerOf, bodyJson, type FaultContext, type ProxyRequest, type ProxyResponse, pathOf, withJson } from './proxy.js';

type Body = Record<string, any>;

const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-policy', 'ratelimit'];
const problemCode = (r: ProxyResponse) => (bodyJson(r) as Body | undefined)?.code;
const isList = (res: ProxyResponse) => res.status === 200 && Array.isArray(bodyJson(res)?.data);
const fromOther = (req: ProxyRequest, ctx: FaultContext) => bearerOf(req) === ctx.otherKey;
const id22 = () => [...randomBytes(22)].map((b) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 62]).join('');
const withHeaders = (res: ProxyResponse, edit: Record<string, string | undefined>): ProxyResponse => {
  const headers = { ...res.headers };
  for (const [k, v] of Object.entries(edit))
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  return { ...res, headers };
};

/** How many creates were in flight when each arrived (the concurrency race). */
const crowd = new WeakMap<ProxyRequest, number>();

/** Scopes of every key the proxy saw minted, by secret; keys it never saw minted hold them all. */
function rememberScopes(res: ProxyResponse, ctx: FaultContext): void {
  const body = bodyJson(res) as Body | undefined;
  if (res.status >= 300 || typeof body?.secret !== 'string' || !Array.isArray(body.scopes)) return;
  ctx.memory.set(`scopes:${body.secret}`, body.scopes);
}
const scopesOf = (req: ProxyRequest, ctx: FaultContext): string[] | undefined => {
  const scopes = ctx.memory.get(`scopes:${bearerOf(req) ?? req.headers['x-api-key']}`);
  return Array.isArray(scopes) ? scopes : undefined;
};

/** Both rate-limit header families with Remaining moved by `remaining` and Limit by `limit`. */
function shiftCounter(res: ProxyResponse, remaining: number, limit = 0): ProxyResponse | undefined {
  const l = Number(res.headers['x-ratelimit-limit']);
  const r = Number(res.headers['x-ratelimit-remaining']);
  if (!Number.isFinite(l) || !Number.isFinite(r)) return undefined;
  return withHeaders(res, {
    'x-ratelimit-limit': String(l + limit),
    'x-ratelimit-remaining': String(r + remaining),
    'ratelimit-policy': res.headers['ratelimit-policy']?.replace(/;q=(\d+)/, (_m, q) => `;q=${Number(q) + limit}`),
    ratelimit: res.headers.ratelimit?.replace(/;r=(\d+)/, (_m, v) => `;r=${Number(v) + remaining}`),
  });
}

/** A 403 INSUFFICIENT_SCOPE in place of `res`, naming what the key would need. */
function insufficientScope(res: ProxyResponse, scopes: string[]): ProxyResponse {
  const requestId = res.headers['x-request-id'];
  const problem = {
    type: 'https://docs.parley.dev/errors/insufficient-scope',
    title: 'Insufficient scope',
    status: 403,
    detail: `This key lacks ${scopes.at(-1)}.`,
    code: 'INSUFFICIENT_SCOPE',
    ...(requestId ? { request_id: requestId } : {}),
  };
  const challenge = `Bearer realm="parley", error="insufficient_scope", scope="${scopes.join(' ')}"`;
  const headers = { 'content-type': 'application/problem+json', 'www-authenticate': challenge };
  return { ...withHeaders(withJson(res, problem), headers), status: 403 };
}

export const EXHAUSTIVE_FAULTS: FaultCase[] = [
  // Tenancy --------------------------------------------------------------------------------------
  {
    area: 'tenancy',
    only: '^listNumbers$',
    caughtBy: ['list-isolation'],
    fault: {
      id: 'list-leaks-other-account-item',
      description: 'every list shows the other account one item of the first account (the last one listed)',
      response: (res, req, ctx) => {
        if (req.method !== 'GET' || !isList(res)) return;
        const page = bodyJson(res) as Body;
        if (!fromOther(req, ctx)) {
          if (page.data.length) ctx.memory.set(`item:${pathOf(req)}`, page.data[0]);
          return;
        }
        const leaked = ctx.memory.get(`item:${pathOf(req)}`);
        return leaked ? withJson(res, { ...page, data: [...page.data, leaked] }) : undefined;
      },
    },
  },
  {
    area: 'tenancy',
    only: '^(getCallAnalytics|getCampaignAnalytics|triggerCall)$',
    caughtBy: ['aggregate-isolation'],
    fault: {
      id: 'analytics-ignore-account',
      description: "analytics are computed without the account filter: the other account is shown the first account's figures",
      response: async (res, req, ctx) => {
        const analytics = req.method === 'GET' && pathOf(req).startsWith('/v1/analytics/');
        return analytics && fromOther(req, ctx) && res.status === 200 ? ctx.forward(asAdmin(req, ctx)) : undefined;
      },
    },
  },
  {
    area: 'tenancy',
    only: '^(updateWebhook|updateCampaign)$',
    caughtBy: ['cross-account-not-found'],
    fault: {
      id: 'cross-account-update',
      description: "an update (PATCH) by another account's key is applied to this account's resource",
      response: async (res, req, ctx) =>
        req.method === 'PATCH' && res.status === 404 && fromOther(req, ctx) ? ctx.forward(asAdmin(req, ctx)) : undefined,
    },
  },
  {
    area: 'tenancy',
    only: '^(createContact|importContacts|updateContact|deleteContact)$',
    caughtBy: ['scope-matrix-refused'],
    fault: {
      id: 'read-scope-grants-write',
      description: 'a write scope (`x:write`) is satisfied by the read scope of the same resource (`x:read`)',
      response: async (res, req, ctx) => {
        rememberScopes(res, ctx);
        const resource = /scope="([a-z]+):write"/.exec(res.headers['www-authenticate'] ?? '')?.[1];
        if (res.status !== 403 || problemCode(res) !== 'INSUFFICIENT_SCOPE' || !resource) return;
        return scopesOf(req, ctx)?.includes(`${resource}:read`) ? ctx.forward(asAdmin(req, ctx)) : undefined;
      },
    },
  },
  {
    area: 'tenancy',
    only: '^(listWebhooks|getWebhook)$',
    caughtBy: ['scope-matrix-allowed'],
    fault: {
      id: 'reads-demand-account-scope',
      description: "every read also demands account:read: a key holding only the operation's scope is refused",
      response: (res, req, ctx) => {
        rememberScopes(res, ctx);
        const held = scopesOf(req, ctx);
        if (req.method !== 'GET' || !held || held.includes('account:read') || res.status === 401 || res.status === 403) return;
        return insufficientScope(res, [...held, 'account:read']);
      },
    },
  },

  // Limits (counters) -----------------------------------------------------------------------------
  {
    area: 'limits',
    only: '^listCalls$',
    caughtBy: ['rate-limit-counts-exact'],
    fault: {
      id: 'remaining-one-too-high',
      description: 'X-RateLimit-Remaining (and RateLimit r) is one too high on every answer',
      response: (res) => shiftCounter(res, 1),
    },
  },
  {
    area: 'limits',
    only: '^listCalls$',
    caughtBy: ['rate-limit-documented'],
    fault: {
      id: 'limit-enforced-at-n-plus-one',
      description: 'every per-key limit is N + 1 (announced and enforced), not the documented N',
      response: async (res, req, ctx) => {
        if (pathOf(req).startsWith('/v1/otp')) return;
        if (res.status !== 429 || problemCode(res) !== 'RATE_LIMITED') return shiftCounter(res, 1, 1);
        const refused = shiftCounter(res, 0, 1);
        // The first refusal of each key and policy is the (N + 1)th request: admitted, 0 left.
        const seen = `extra:${bearerOf(req)}:${/^"([^"]+)"/.exec(res.headers['ratelimit-policy'] ?? '')?.[1]}`;
        if (ctx.memory.has(seen) || !refused) return refused;
        ctx.memory.set(seen, true);
        const admitted = await ctx.forward(asAdmin(req, ctx));
        if (admitted.status >= 300) return refused;
        return withHeaders(admitted, Object.fromEntries(RATE_LIMIT_HEADERS.map((h) => [h, refused.headers[h]])));
      },
    },
  },
  {
    area: 'limits',
    only: '^triggerCall$',
    caughtBy: ['concurrency-limit-exact'],
    fault: {
      id: 'concurrency-race',
      description: 'a check-then-insert race: of creates arriving together, one more than the active-call limit is accepted',
      request: (req, ctx) => {
        if (req.method !== 'POST' || pathOf(req) !== '/v1/calls') return;
        const inFlight = Number(ctx.memory.get('in-flight') ?? 0) + 1;
        ctx.memory.set('in-flight', inFlight);
        crowd.set(req, inFlight);
      },
      response: (res, req, ctx) => {
        if (req.method !== 'POST' || pathOf(req) !== '/v1/calls') return;
        const inFlight = Number(ctx.memory.get('in-flight'));
        ctx.memory.set('in-flight', inFlight - 1);
        if (res.status === 201) ctx.memory.set('call', bodyJson(res));
        const call = ctx.memory.get('call') as Body | undefined;
        // Only a create that overlapped others (a burst) slips through; one at a time is refused.
        const together = Math.max(inFlight, crowd.get(req) ?? 0) > 1;
        if (res.status !== 429 || problemCode(res) !== 'CONCURRENCY_LIMIT' || !together || !call || ctx.memory.has('raced')) return;
        ctx.memory.set('raced', true);
        const created = withJson(res, { ...call, id: `call_${id22()}` });
        return { ...withHeaders(created, { 'retry-after': undefined, 'content-type': 'application/json' }), status: 201 };
      },
    },
  },
];
