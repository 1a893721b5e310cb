// The requests of the webhook probes, each through env.exchange (so limits are learnt, creates are
// registered for cleanup and secrets redacted): register an endpoint on the receiver, make an event
// happen by its recipe, read the delivery log, remove the endpoint. This account's requests go on
// worker keys, the other account's with --other-key.
import { randomUUID } from 'node:crypto';
import { isObject } from '../checks/support.js';
import { otherAccountKey, type Presented } from '../client.js';
import { presentedBy } from '../keys.js';
import { isEndingOperation } from '../plan/classify.js';
import { substitute } from '../plan/ids.js';
import { worker } from '../probes/support.js';
import type { RunEnv } from '../run-env.js';
import { is2xx, received } from '../stateful/requests.js';
import type { Exchange, Json } from '../types.js';
import type { Delivery } from './delivery.js';
import type { WebhookOps } from './operations.js';
import type { Receiver } from './receiver.js';
import { type Recipe, valueAt } from './recipe.js';
import { posts } from './support.js';

export type Account = 'this' | 'other';

async function presenter(env: RunEnv, who: Account, operationId: string): Promise<Presented> {
  if (who === 'other') {
    if (!env.settings.otherKey) throw new Error('no --other-key');
    return otherAccountKey(env.settings.otherKey);
  }
  return presentedBy(await worker(env, env.op(operationId)));
}

export interface Sent {
  path?: Json;
  query?: Json;
  header?: Json;
  body?: unknown;
}

export async function call(env: RunEnv, operationId: string, inputs: Sent, who: Account): Promise<Exchange> {
  return env.exchange(env.op(operationId), inputs, await presenter(env, who, operationId));
}

export interface Endpoint {
  id: string;
  /** The receiver path deliveries to it arrive on. */
  path: string;
  url: string;
  secret: string;
  who: Account;
  events: string[];
  created: Exchange;
}

const LOCAL_DELIVERY_HINT =
  'the server must accept the receiver as an endpoint (a sandbox that allows local delivery takes http://127.0.0.1:<port>/…), or --receiver must name an address it accepts and can reach';

/** An endpoint of its own on a fresh receiver path, subscribed to `events`; its secret is remembered (and redacted). */
export async function register(
  env: RunEnv,
  ops: WebhookOps,
  receiver: Receiver,
  events: string[],
  who: Account,
): Promise<Endpoint | { skip: string }> {
  const path = receiver.newPath();
  const url = receiver.url(path);
  const documented = isObject(ops.createRequest.body) ? ops.createRequest.body : {};
  const header = { ...ops.createRequest.header, ...idempotencyKey(env, ops.create) };
  const created = await call(
    env,
    ops.create,
    { path: {}, query: {}, header, body: { ...documented, [ops.urlField]: url, [ops.eventsField]: events } },
    who,
  );
  const json = created.response?.json;
  const secret = isObject(json) ? json[ops.secretField] : undefined;
  if (!is2xx(created) || !isObject(json) || typeof json.id !== 'string' || typeof secret !== 'string')
    return {
      skip: `${ops.create} did not register the endpoint ${url}: ${received(created)}${is2xx(created) ? ` (no id or ${ops.secretField})` : `; ${LOCAL_DELIVERY_HINT}`}`,
    };
  env.secrets.set(secret, '$WEBHOOK_SIGNING_SECRET');
  return { id: json.id, path, url, secret, who, events, created };
}

/** Deletes the endpoint (its documented ending); what fails is left to the run's cleanup. */
export async function remove(env: RunEnv, ops: WebhookOps, ep: Endpoint): Promise<void> {
  if (!ops.remove) return;
  const ex = await call(env, ops.remove, { path: { [ops.idParam]: ep.id } }, ep.who).catch(() => undefined);
  if (ex && is2xx(ex)) env.cleanup.markEnded(ep.id);
}

function idempotencyKey(env: RunEnv, operationId: string): Json {
  const header = env.model.operation(operationId).idempotencyHeader;
  return header ? { [header]: randomUUID() } : {};
}

export interface Driven {
  /** The request whose effect the event reports (the trigger, else the create). */
  cause: Exchange;
  resourceId: string;
  /** `triggerCall "outbound-call", then hangupCall on call_…`. */
  description: string;
}

/**
 * Makes the recipe's event happen: the documented create (ids mapped; for the other account its
 * required fields only), then each follow-up on what it made, in order. Why not, when a step is
 * refused or a resource the steps need was never learnt.
 */
export async function drive(env: RunEnv, recipe: Recipe, who: Account): Promise<Driven | { skip: string }> {
  const c = recipe.create;
  let body: unknown;
  if (who === 'other') {
    if ('skip' in recipe.minimal) return { skip: recipe.minimal.skip };
    body = recipe.minimal.body;
  }
  const unknown = recipe.needs.filter((id) => !env.ids.has(id));
  if (who === 'this' && unknown.length)
    return { skip: `${recipe.event} needs ${unknown.join(', ')}, which the documented examples did not create in this run` };
  const ids = who === 'this' ? env.ids : new Map<string, string>();
  const r = substitute(c.request, ids);
  const made = await call(
    env,
    c.operationId,
    { path: r.path, query: r.query, header: { ...r.header, ...idempotencyKey(env, c.operationId) }, body: who === 'other' ? body : r.body },
    who,
  );
  const json = made.response?.json;
  if (!is2xx(made) || !isObject(json) || typeof json.id !== 'string')
    return { skip: `${c.operationId} "${c.example}" did not make what emits ${recipe.event}: ${received(made)}` };
  const what = `${c.operationId} "${c.example}"${who === 'other' ? ' (required fields only, other account)' : ''}`;
  let cause = made;
  const done: string[] = [];
  for (const t of recipe.followUps) {
    const target = valueAt(json, t.pointer);
    const tr = substitute(t.request, ids);
    const triggered = await call(
      env,
      t.operationId,
      {
        path: { ...tr.path, [t.param]: target },
        query: tr.query,
        header: { ...tr.header, ...idempotencyKey(env, t.operationId) },
        body: tr.body,
      },
      who,
    );
    if (!is2xx(triggered))
      return { skip: `${t.operationId} on ${String(target)} answered ${received(triggered)}: ${recipe.event} did not happen` };
    // An ending (hang up) leaves nothing to clean up; a change (start) leaves the resource to the run's cleanup.
    if (isEndingOperation(t.method, t.operationId)) env.cleanup.markEnded(json.id);
    cause = triggered;
    done.push(t.operationId);
  }
  return { cause, resourceId: json.id, description: done.length ? `${what}, then ${done.join(', then ')} on ${json.id}` : what };
}

/** Waits (bounded, interruptible) until the POSTs on `path` satisfy `want`; how long it waited. */
export async function waitOn(
  env: RunEnv,
  receiver: Receiver,
  path: string,
  want: (ds: Delivery[]) => boolean,
  ms: number,
): Promise<number> {
  const t = Date.now();
  await receiver.waitFor((all) => want(posts(all.filter((d) => d.path === path))), ms, env.signal);
  return Date.now() - t;
}

export interface LogRead {
  listed?: Json[];
  error?: string;
  exchange?: Exchange;
}

/**
 * The endpoint's logged attempts of one event (filtered by its id), read until `settled` holds of
 * them (an attempt is logged once the receiver's answer is in) or `maxMs` passes.
 */
export async function readLog(
  env: RunEnv,
  ops: WebhookOps,
  ep: Endpoint,
  eventId: string,
  settled: (attempts: Json[]) => boolean,
  maxMs = 5_000,
): Promise<LogRead> {
  if (!ops.log) return { error: 'the spec documents no delivery log' };
  const { operationId, filter } = ops.log;
  const paging = env.model.operation(operationId).pagination;
  const page = paging ? { [paging.limit.name]: paging.limit.max } : {};
  const deadline = Date.now() + maxMs;
  for (;;) {
    const exchange = await call(
      env,
      operationId,
      { path: { [ops.idParam]: ep.id }, query: { ...(filter ? { [filter]: eventId } : {}), ...page } },
      ep.who,
    );
    const json = exchange.response?.json;
    if (!is2xx(exchange) || !isObject(json) || !Array.isArray(json.data)) return { error: received(exchange), exchange };
    const listed = json.data.filter((a): a is Json => isObject(a) && a.event_id === eventId);
    if (settled(listed) || Date.now() >= deadline || env.signal.aborted) return { listed, exchange };
    await env.sleep(250);
  }
}
