// The requests of the stateful probes: a fresh resource from a family's create template, reads of
// an item, list pages. Each goes through env.exchange on a worker key with room on its limits
// (fresh creates are registered for cleanup there).
import { randomBytes, randomUUID } from 'node:crypto';
import { buildRequest as exampleRequest } from '../../../openapi/tools/example-pairs.js';
import { describeReceived, isObject } from '../checks/support.js';
import type { Inputs } from '../client.js';
import { presentedBy } from '../keys.js';
import { substitute } from '../plan/ids.js';
import { worker } from '../probes/support.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json } from '../types.js';
import { CURSOR, PAGE_SIZE, pageSizeMax } from './family.js';
import type { EndedField, FamilyPlan, ListedEvidence, UniqueField } from './model.js';
import { testValues } from './templates.js';
import { withUniqueFields } from './unique.js';

export interface Sent {
  exchange: Exchange;
  inputs: Inputs & { path: Json; query: Json; header: Json };
}

export interface Fresh extends Sent {
  id: string;
  body: Json;
}

export async function send(env: RunEnv, operationId: string, inputs: Sent['inputs']): Promise<Sent> {
  const so = env.op(operationId);
  const key = await worker(env, so);
  return { exchange: await env.exchange(so, inputs, presentedBy(key)), inputs };
}

export const is2xx = (ex: Exchange) => Boolean(ex.response && ex.response.status >= 200 && ex.response.status < 300);
export const received = (ex: Exchange) =>
  ex.response ? describeReceived(ex.response.status, ex.response.json) : (ex.error?.message ?? 'no response');

/** The item path parameter of an operation (`{agent_id}`). */
export const idParam = (path: string) => /\{([^}]+)\}/.exec(path)?.[1] ?? 'id';

function uniqueBody(env: RunEnv, body: unknown, unique: UniqueField[]): unknown {
  if (!isObject(body) || !unique.length) return body;
  const draw = () => ({ entropy: randomBytes(8), token: `st-${randomBytes(3).toString('hex')}` });
  return withUniqueFields(body, unique, draw, testValues(env.spec));
}

/** A fresh resource made from the family's documented create, or why none could be made. */
export async function createFresh(env: RunEnv, plan: FamilyPlan): Promise<Fresh | { skip: string }> {
  const tpl = plan.create;
  const r = substitute(tpl.request, env.ids);
  const header = { ...r.header, ...(tpl.idempotencyHeader ? { [tpl.idempotencyHeader]: randomUUID() } : {}) };
  const sent = await send(env, tpl.operationId, { path: r.path, query: r.query, header, body: uniqueBody(env, r.body, tpl.unique) });
  const json = sent.exchange.response?.json;
  if (!is2xx(sent.exchange) || !isObject(json) || typeof json.id !== 'string')
    return { skip: `a fresh copy of ${tpl.operationId} "${tpl.example}" was not created: ${received(sent.exchange)}` };
  return { ...sent, id: json.id, body: json };
}

/** An operation on the fresh item: its documented request with the item's id in the path. */
export function onItem(
  env: RunEnv,
  operationId: string,
  id: string,
  request: { query: Json; header: Json; body?: unknown } = { query: {}, header: {} },
  unique: UniqueField[] = [],
): Promise<Sent> {
  const so = env.op(operationId);
  const r = substitute(request, env.ids);
  return send(env, operationId, {
    path: { [idParam(so.path)]: id },
    query: r.query,
    header: r.header,
    body: uniqueBody(env, r.body, unique),
  });
}

/**
 * Ends a fresh resource with its documented ending on a worker key: the admin key's budget is the
 * whole run's (minting, cleanup), and a call left active would crowd the concurrency probes after.
 * The run's cleanup ends it once more (harmless: 404 or 409) and anything this could not end.
 */
export async function endFresh(env: RunEnv, plan: FamilyPlan, id: string): Promise<void> {
  if (plan.ending) await onItem(env, plan.ending.operationId, id, plan.ending.request).catch(() => undefined);
}

export interface Page {
  exchange: Exchange;
  ids: string[];
  items: Json[];
  hasMore: boolean;
  next?: string;
}

/** One page of a list, or what was answered instead. */
export async function listPage(env: RunEnv, operationId: string, query: Json): Promise<Page | { error: string; exchange: Exchange }> {
  const defaults = exampleRequest(env.op(operationId).op, undefined).query;
  const { exchange } = await send(env, operationId, { path: {}, query: { ...defaults, ...query }, header: {} });
  const json = exchange.response?.json;
  if (!is2xx(exchange) || !isObject(json) || !Array.isArray(json.data)) return { error: received(exchange), exchange };
  const items = json.data.filter(isObject);
  return {
    exchange,
    items,
    ids: items.map((i) => String(i.id)),
    hasMore: json.has_more === true,
    ...(typeof json.next_cursor === 'string' ? { next: json.next_cursor } : {}),
  };
}

export const isPage = (p: Page | { error: string }): p is Page => !('error' in p);

/** Looks for an item through the list's biggest pages, up to `maxPages`: the evidence, and the last page's exchange. */
export async function lookInList(
  env: RunEnv,
  operationId: string,
  id: string,
  want: ListedEvidence['want'],
  endedState?: EndedField[],
  maxPages = 10,
): Promise<{ evidence: ListedEvidence; last: Exchange }> {
  const size = pageSizeMax(env.spec, env.op(operationId));
  const base = { kind: 'listed' as const, id, want, ...(endedState ? { endedState } : {}) };
  let cursor: string | undefined;
  let last: Exchange | undefined;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await listPage(env, operationId, { [PAGE_SIZE]: size, ...(cursor ? { [CURSOR]: cursor } : {}) });
    last = page.exchange;
    if (!isPage(page)) return { evidence: { ...base, complete: false, pages, error: page.error }, last };
    const found = page.items.find((i) => i.id === id);
    if (found || !page.hasMore || !page.next) return { evidence: { ...base, complete: true, pages, ...(found ? { found } : {}) }, last };
    cursor = page.next;
  }
  return { evidence: { ...base, complete: false, pages: maxPages }, last: last! };
}
