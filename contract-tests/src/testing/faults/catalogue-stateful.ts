// Faults that only the stateful checks catch (merged into catalogue.ts). Each passes every
// documented example: it only shows on state a documented example never looks at again (a fresh
// resource read back, a small page, a cursor, a revoked key on an item).
import { pairExamples } from '../../../../openapi/tools/example-pairs.js';
import { listOperations, loadSpec } from '../../../../openapi/tools/spec.js';
import type { FaultCase } from './proxy.js';
import { asAdmin, bearerOf, bodyJson, type FaultContext, type ProxyRequest, type ProxyResponse, pathOf, withJson } from './proxy.js';

type Body = Record<string, any>;

/** A path segment that is a resource id (`agt_…`): the request is about one item. */
const ID_SEGMENT = /^[a-z]+_[A-Za-z0-9]{16,32}$/;
const itemIdOf = (req: ProxyRequest) =>
  pathOf(req)
    .split('/')
    .filter((s) => ID_SEGMENT.test(s))
    .at(-1);
const queryOf = (req: ProxyRequest) => new URL(req.url, 'http://x').searchParams;
const withQuery = (req: ProxyRequest, edit: (q: URLSearchParams) => void): ProxyRequest => {
  const url = new URL(req.url, 'http://x');
  edit(url.searchParams);
  return { ...req, url: url.pathname + url.search };
};
const isPage = (res: ProxyResponse) => res.status === 200 && Array.isArray(bodyJson(res)?.data);
/**
 * The request hook cannot answer by itself: a write it intercepts is sent on as a GET of the same
 * item (the state before), the write kept aside; the response hook decides what to do with both.
 */
const DEFERRED = 'x-fault-deferred';
function deferAsRead(req: ProxyRequest, ctx: FaultContext): ProxyRequest {
  const key = `deferred:${ctx.memory.size}:${Math.random()}`;
  ctx.memory.set(key, req);
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'content-type'));
  return { ...req, method: 'GET', body: Buffer.alloc(0), headers: { ...headers, [DEFERRED]: key } };
}
const deferred = (req: ProxyRequest, ctx: FaultContext) => ctx.memory.get(req.headers[DEFERRED] ?? '') as ProxyRequest | undefined;

/** The documented success answers of DELETEs that delete (`deleted: true`), by path template. */
const DELETIONS = listOperations(loadSpec())
  .filter((so) => so.method === 'delete')
  .flatMap((so) => {
    const answer = pairExamples(so.op).pairs.find((p) => /^2/.test(p.response.status) && (p.response.value as Body)?.deleted === true);
    return answer
      ? [
          {
            template: new RegExp(`^${so.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
            status: Number(answer.response.status),
            value: answer.response.value as Body,
          },
        ]
      : [];
  });

/** Keys the proxy saw minted (any success answering a `secret`) and then revoked. */
function rememberKeys(res: ProxyResponse, req: ProxyRequest, ctx: FaultContext) {
  const body = bodyJson(res);
  if (res.status < 300 && typeof body?.secret === 'string' && typeof body.id === 'string') ctx.memory.set(`secret:${body.id}`, body.secret);
  const id = itemIdOf(req);
  const secret = id && ctx.memory.get(`secret:${id}`);
  if (req.method === 'DELETE' && res.status === 200 && secret) ctx.memory.set(`revoked:${secret}`, true);
}

export const STATEFUL_FAULTS: FaultCase[] = [
  {
    area: 'stateful',
    only: '^(deleteContact|deleteWebhook)$',
    caughtBy: ['use-after-delete'],
    fault: {
      id: 'delete-not-applied',
      description: 'a DELETE documented as a deletion answers its documented success but deletes nothing',
      request: (req, ctx) =>
        req.method === 'DELETE' && DELETIONS.some((d) => d.template.test(pathOf(req))) ? deferAsRead(req, ctx) : undefined,
      response: async (res, req, ctx) => {
        const original = deferred(req, ctx);
        if (!original) return;
        // Not there (or not readable): the real answer. There: the documented success, nothing deleted.
        if (res.status !== 200) return ctx.forward(original);
        const deletion = DELETIONS.find((d) => d.template.test(pathOf(req)))!;
        return { ...withJson(res, { ...deletion.value, id: itemIdOf(req) }), status: deletion.status };
      },
    },
  },
  {
    area: 'stateful',
    only: '^listContacts$',
    caughtBy: ['limit-honoured'],
    fault: {
      id: 'list-ignores-limit',
      description: 'a valid `limit` is ignored: every list page has the default size',
      response: async (res, req, ctx) =>
        req.method === 'GET' && queryOf(req).has('limit') && isPage(res)
          ? ctx.forward(withQuery(req, (q) => q.delete('limit')))
          : undefined,
    },
  },
  {
    area: 'stateful',
    only: '^listAgents$',
    caughtBy: ['cursor-walk'],
    fault: {
      id: 'cursor-repeats-item',
      description: "`starting_after` is inclusive: the page after a cursor starts with the cursor's item again",
      response: (res, req, ctx) => {
        if (req.method !== 'GET' || !isPage(res)) return;
        const page = bodyJson(res) as Body;
        for (const item of page.data) if (typeof item?.id === 'string') ctx.memory.set(`item:${item.id}`, item);
        const cursor = queryOf(req).get('starting_after');
        const repeated = cursor ? ctx.memory.get(`item:${cursor}`) : undefined;
        if (!repeated) return;
        const limit = Number(queryOf(req).get('limit') ?? 20);
        const data = [repeated, ...page.data].slice(0, limit);
        const hasMore = page.has_more || page.data.length + 1 > limit;
        return withJson(res, { ...page, data, has_more: hasMore, next_cursor: hasMore ? data.at(-1).id : null });
      },
    },
  },
  {
    area: 'stateful',
    only: '^(updateCampaign|updateWebhook)$',
    caughtBy: ['read-after-update'],
    fault: {
      id: 'update-not-persisted',
      description: 'an update answers the new values but the old ones are kept',
      request: (req, ctx) => (['PATCH', 'PUT'].includes(req.method) && itemIdOf(req) ? deferAsRead(req, ctx) : undefined),
      response: async (before, req, ctx) => {
        const original = deferred(req, ctx);
        if (!original) return;
        const answer = await ctx.forward(original);
        const sent = bodyJson(original);
        if (before.status !== 200 || answer.status >= 300 || typeof sent !== 'object' || !sent) return answer;
        // The answer shows the new values; the item is put back as it was before.
        const old = bodyJson(before) as Body;
        await ctx.forward(
          withJson(
            original,
            Object.fromEntries(
              Object.keys(sent)
                .filter((k) => k in old)
                .map((k) => [k, old[k]]),
            ),
          ),
        );
        return answer;
      },
    },
  },
  {
    area: 'stateful',
    only: '^(createAgent|createContact)$',
    caughtBy: ['read-after-create'],
    fault: {
      id: 'stale-read-after-create',
      description: 'reading an item serves a stale copy: the metadata its create stored is missing',
      response: (res, req) => {
        const body = bodyJson(res);
        if (req.method !== 'GET' || !itemIdOf(req) || res.status !== 200 || !body?.metadata || !Object.keys(body.metadata).length) return;
        return withJson(res, { ...body, metadata: {} });
      },
    },
  },
  {
    area: 'stateful',
    only: '^(getAgent|updateCampaign|deleteWebhook)$',
    caughtBy: ['revoked-key-refused'],
    fault: {
      id: 'revoked-key-accepted-on-items',
      description: 'a revoked key is refused on lists and collections (one operation per tag) but works on any item',
      request: (req, ctx) => {
        const bearer = bearerOf(req);
        return bearer && itemIdOf(req) && ctx.memory.get(`revoked:${bearer}`) ? asAdmin(req, ctx) : undefined;
      },
      response: (res, req, ctx) => void rememberKeys(res, req, ctx),
    },
  },
  {
    area: 'stateful',
    only: '^listWebhooks$',
    caughtBy: ['unknown-cursor-refused'],
    fault: {
      id: 'unknown-cursor-first-page',
      description: 'a well-formed `starting_after` that is no item of the list is ignored: the first page is answered',
      response: async (res, req, ctx) => {
        const named = (bodyJson(res)?.errors ?? []).some((e: Body) => e?.field === 'query.starting_after');
        const wellFormed = ID_SEGMENT.test(queryOf(req).get('starting_after') ?? '');
        return req.method === 'GET' && res.status === 422 && named && wellFormed
          ? ctx.forward(withQuery(req, (q) => q.delete('starting_after')))
          : undefined;
      },
    },
  },
];
