// Webhooks: CRUD of the account's endpoints, their signing secrets, the delivery log, and
// `recordEvent`, which the pipeline's ctx.emit calls for every event: one `event` document per
// subscribed endpoint, handed to the delivery engine (webhooks/dispatcher.ts), which POSTs it
// signed per Standard Webhooks, retries on the spec's schedule and logs every attempt durably.
import type { components } from '../../../generated/schema.js';
import type { Stores } from '../context.js';
import { conflict, invalid, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import type { WebhookAttempt } from '../webhooks/attempt-store.js';
import { endpointUrlProblem } from '../webhooks/endpoint-url.js';
import { newSigningSecret } from '../webhooks/signature.js';
import { withoutInternal } from './internal-fields.js';
import type { HandlerGroup } from './types.js';

type WebhookEndpoint = components['schemas']['WebhookEndpoint'];
type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type EventType = WebhookEndpoint['events'][number];

/** The payload version of every event schema (`api_version` const). */
export const EVENT_API_VERSION: components['schemas']['MessageDeliveredEvent']['api_version'] = '2026-11-01';

const ENDPOINT = 'webhook_endpoint';
const EVENT = 'event';

/**
 * The stored endpoint keeps its signing secret in `_signing_secret` (HMAC needs the secret itself,
 * so it cannot be hashed like an API key); only the create and rotate answers show it.
 */
type StoredEndpoint = WebhookEndpoint & { _signing_secret: string };

/** The envelope every event schema shares (`data.object` is the resource). */
export interface EventEnvelope {
  id: string;
  object: 'event';
  type: string;
  created_at: string;
  api_version: typeof EVENT_API_VERSION;
  data: { object: unknown };
}

/** One event as sent to one endpoint: the envelope plus, internal, the exact body and its first attempt. */
export interface EventDocument extends EventEnvelope {
  _delivery: {
    webhook_endpoint_id: string;
    /** The exact request body (compact JSON of the envelope) every attempt sends and signs. */
    body: string;
    /** The first delivery attempt (the dispatcher's log has the rest). */
    attempt_id: string;
  };
}

const toEndpoint = (doc: StoredEndpoint): WebhookEndpoint => withoutInternal(doc);

/** Comparison key for URL uniqueness: scheme and host are case-insensitive, default port implied. */
function urlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Refuses URLs deliveries may not go to (422), before anything is stored. */
function assertDeliverable(url: string, stores: Pick<Stores, 'deliveries'>): void {
  const problem = endpointUrlProblem(url, stores.deliveries.allowsLoopback);
  if (problem) throw invalid('body.url', problem);
}

function load(stores: Pick<Stores, 'resources'>, accountId: string, id: string): StoredEndpoint {
  const doc = stores.resources.get<StoredEndpoint>(accountId, ENDPOINT, id);
  if (!doc) throw notFound('webhook endpoint', id);
  return doc;
}

export const webhookHandlers: HandlerGroup<
  | 'listWebhooks'
  | 'createWebhook'
  | 'getWebhook'
  | 'updateWebhook'
  | 'deleteWebhook'
  | 'rotateWebhookSecret'
  | 'sendWebhookTestEvent'
  | 'listWebhookDeliveries'
  | 'redeliverWebhookDelivery'
> = {
  listWebhooks: ({ query }, ctx) => {
    const page = ctx.stores.resources.list<StoredEndpoint>(ctx.account.id, ENDPOINT, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: query.status ? (e) => e.status === query.status : undefined,
    });
    return { status: 200, body: { ...page, data: page.data.map(toEndpoint) } };
  },

  createWebhook: ({ body }, ctx) => {
    assertDeliverable(body.url, ctx.stores);
    const now = ctx.now.toISOString();
    const doc: StoredEndpoint = {
      id: newId('whk'),
      object: 'webhook_endpoint',
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      status: 'enabled',
      _signing_secret: newSigningSecret(),
      created_at: now,
      updated_at: now,
    };
    const { resources } = ctx.stores;
    resources.transaction(() => {
      const key = urlKey(body.url);
      if (resources.all<StoredEndpoint>(ctx.account.id, ENDPOINT, (e) => urlKey(e.url) === key).length > 0) {
        throw conflict(`A webhook endpoint with the URL ${body.url} already exists; update its events instead.`);
      }
      resources.insert(ctx.account.id, ENDPOINT, doc);
    });
    // The one answer that carries the secret (WebhookEndpointWithSecret).
    return { status: 201, body: { ...toEndpoint(doc), signing_secret: doc._signing_secret } };
  },

  getWebhook: ({ path }, ctx) => ({ status: 200, body: toEndpoint(load(ctx.stores, ctx.account.id, path.webhook_id)) }),

  updateWebhook: ({ path, body }, ctx) => {
    if (Object.keys(body).length === 0) throw invalid('body', 'must set at least one of events, description, status');
    const { resources } = ctx.stores;
    const doc = resources.transaction(() => {
      const current = load(ctx.stores, ctx.account.id, path.webhook_id);
      const next: StoredEndpoint = {
        ...current,
        ...(body.events !== undefined && { events: body.events }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.status !== undefined && { status: body.status }),
        updated_at: ctx.now.toISOString(),
      };
      resources.put(ctx.account.id, ENDPOINT, next);
      return next;
    });
    return { status: 200, body: toEndpoint(doc) };
  },

  deleteWebhook: ({ path }, ctx) => {
    // Recorded events of the endpoint stay: they are the history of what was (not) delivered.
    if (!ctx.stores.resources.remove(ctx.account.id, ENDPOINT, path.webhook_id)) throw notFound('webhook endpoint', path.webhook_id);
    return { status: 200, body: { id: path.webhook_id, object: 'webhook_endpoint', deleted: true } };
  },

  rotateWebhookSecret: ({ path }, ctx) => {
    const { resources } = ctx.stores;
    const doc = resources.transaction(() => {
      const next: StoredEndpoint = {
        ...load(ctx.stores, ctx.account.id, path.webhook_id),
        _signing_secret: newSigningSecret(),
        updated_at: ctx.now.toISOString(),
      };
      resources.put(ctx.account.id, ENDPOINT, next);
      return next;
    });
    return { status: 201, body: { ...toEndpoint(doc), signing_secret: doc._signing_secret } };
  },

  sendWebhookTestEvent: ({ path, body }, ctx) => {
    const endpoint = load(ctx.stores, ctx.account.id, path.webhook_id);
    if (!(endpoint.events as string[]).includes(body.event_type))
      throw invalid(
        'body.event_type',
        `the endpoint does not subscribe to ${body.event_type} (it subscribes to ${endpoint.events.join(', ')})`,
      );
    const event = ctx.contract.webhooks.find((w) => w.name === body.event_type);
    const sample = (event?.example?.value as { data?: { object?: unknown } } | undefined)?.data?.object;
    const [doc] = deliver(ctx.stores, ctx.account.id, [endpoint], body.event_type, sample ?? {}, ctx.now);
    const attempt = ctx.stores.deliveries.getAttempt(ctx.account.id, doc._delivery.attempt_id);
    if (!attempt) throw notFound('delivery attempt', doc._delivery.attempt_id);
    return { status: 202, body: toDelivery(ctx.stores, attempt) };
  },

  listWebhookDeliveries: ({ path, query }, ctx) => {
    load(ctx.stores, ctx.account.id, path.webhook_id);
    const page = ctx.stores.deliveries.listAttempts(ctx.account.id, path.webhook_id, {
      limit: query.limit,
      startingAfter: query.starting_after,
      ...(query.event_id ? { eventId: query.event_id } : {}),
    });
    return { status: 200, body: { ...page, data: page.data.map((a) => toDelivery(ctx.stores, a)) } };
  },

  redeliverWebhookDelivery: ({ path }, ctx) => {
    load(ctx.stores, ctx.account.id, path.webhook_id);
    const original = ctx.stores.deliveries.getAttempt(ctx.account.id, path.delivery_id);
    if (!original || original.endpointId !== path.webhook_id) throw notFound('delivery attempt', path.delivery_id);
    const id = ctx.stores.deliveries.redeliver(ctx.account.id, original.id);
    const attempt = id ? ctx.stores.deliveries.getAttempt(ctx.account.id, id) : undefined;
    if (!attempt) throw notFound('delivery attempt', path.delivery_id);
    return { status: 202, body: toDelivery(ctx.stores, attempt) };
  },
};

/**
 * Sends `type` with `object` as its `data.object` to every enabled endpoint of the account that
 * subscribes to it: one `event` document per endpoint (its own event id, the `webhook-id` of every
 * attempt), queued for delivery in the same transaction. Returns what it stored.
 */
export function recordEvent(
  stores: Pick<Stores, 'resources' | 'deliveries'>,
  accountId: string,
  type: string,
  object: unknown,
  now: Date,
): EventDocument[] {
  const endpoints = stores.resources.all<StoredEndpoint>(
    accountId,
    ENDPOINT,
    (e) => e.status === 'enabled' && (e.events as string[]).includes(type),
  );
  return deliver(stores, accountId, endpoints, type, object, now);
}

function deliver(
  stores: Pick<Stores, 'resources' | 'deliveries'>,
  accountId: string,
  endpoints: StoredEndpoint[],
  type: string,
  object: unknown,
  now: Date,
): EventDocument[] {
  const { resources, deliveries } = stores;
  return resources.transaction(() =>
    endpoints.map((endpoint) => {
      const envelope: EventEnvelope = {
        id: newId('evt'),
        object: 'event',
        type,
        created_at: now.toISOString(),
        api_version: EVENT_API_VERSION,
        data: { object },
      };
      const body = JSON.stringify(envelope);
      const attemptId = deliveries.enqueue({
        accountId,
        endpointId: endpoint.id,
        url: endpoint.url,
        eventId: envelope.id,
        eventType: type,
        body,
      });
      const doc: EventDocument = { ...envelope, _delivery: { webhook_endpoint_id: endpoint.id, body, attempt_id: attemptId } };
      return resources.insert(accountId, EVENT, doc);
    }),
  );
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An attempt as the API shows it (WebhookDelivery): in flight reads as pending; a failure names its next attempt. */
function toDelivery(stores: Pick<Stores, 'deliveries'>, a: WebhookAttempt): WebhookDelivery {
  const next = a.status === 'failed' ? stores.deliveries.nextAttemptOf(a) : undefined;
  return {
    id: a.id,
    object: 'webhook_delivery',
    webhook_id: a.endpointId,
    event_id: a.eventId,
    event_type: a.eventType as WebhookDelivery['event_type'],
    attempt: a.attempt,
    status: a.status === 'in_flight' ? 'pending' : a.status,
    response_status: a.responseStatus,
    error: a.error,
    created_at: new Date(a.createdAt).toISOString(),
    finished_at: iso(a.finishedAt),
    next_attempt_at: next ? iso(next.scheduledAt) : null,
  };
}

/** The recorded events of an account, newest first (for tests and debugging; no API lists them). */
export function recordedEvents(stores: Pick<Stores, 'resources'>, accountId: string, type?: string): EventDocument[] {
  return stores.resources.all<EventDocument>(accountId, EVENT, type ? (e) => e.type === type : undefined);
}
