// Webhooks: CRUD of the account's endpoints, and `recordEvent`, which the pipeline's ctx.emit
// calls for every event. "Webhooks are recorded": the stub signs each delivery exactly as the spec
// documents and stores it as an `event` document, but never POSTs it anywhere.
import type { components } from '../../../generated/schema.js';
import type { Stores } from '../context.js';
import { conflict, invalid, notFound } from '../http/problem.js';
import { base62, newId } from '../ids.js';
import { withoutInternal } from './internal-fields.js';
import type { HandlerGroup } from './types.js';
import { signPayload } from './webhook-signature.js';

type WebhookEndpoint = components['schemas']['WebhookEndpoint'];
export type EventType = WebhookEndpoint['events'][number];

/** The payload version of every event schema (`api_version` const). */
export const EVENT_API_VERSION: components['schemas']['MessageDeliveredEvent']['api_version'] = '2026-11-01';

const ENDPOINT = 'webhook_endpoint';
const EVENT = 'event';

/**
 * The stored endpoint keeps its signing secret in `_signing_secret` (HMAC needs the secret itself,
 * so it cannot be hashed like an API key); only the create answer shows it, as `signing_secret`.
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

/** One recorded delivery: the envelope plus, internal, what would be POSTed (withoutInternal gives the envelope). */
export interface EventDocument extends EventEnvelope {
  _delivery: {
    webhook_endpoint_id: string;
    url: string;
    /** Never sent: the stub has no outbound network. */
    status: 'recorded';
    /** The exact request body (compact JSON of the envelope) the signature covers. */
    body: string;
    /** The `Parley-Signature` header value. */
    signature: string;
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

/** The pipeline's schema already requires `^https://`; kept so no caller can store a plain-HTTP URL. */
function assertHttps(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw invalid('body.url', 'must be an absolute https:// URL');
  }
  if (protocol !== 'https:') throw invalid('body.url', 'must be an https:// URL');
}

function load(stores: Pick<Stores, 'resources'>, accountId: string, id: string): StoredEndpoint {
  const doc = stores.resources.get<StoredEndpoint>(accountId, ENDPOINT, id);
  if (!doc) throw notFound('webhook endpoint', id);
  return doc;
}

export const webhookHandlers: HandlerGroup<'listWebhooks' | 'createWebhook' | 'getWebhook' | 'updateWebhook' | 'deleteWebhook'> = {
  listWebhooks: ({ query }, ctx) => {
    const page = ctx.stores.resources.list<StoredEndpoint>(ctx.account.id, ENDPOINT, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: query.status ? (e) => e.status === query.status : undefined,
    });
    return { status: 200, body: { ...page, data: page.data.map(toEndpoint) } };
  },

  createWebhook: ({ body }, ctx) => {
    assertHttps(body.url);
    const now = ctx.now.toISOString();
    const doc: StoredEndpoint = {
      id: newId('whk'),
      object: 'webhook_endpoint',
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      status: 'enabled',
      _signing_secret: `whsec_${base62(32)}`,
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
};

/**
 * Records `type` with `object` as its `data.object` for every enabled endpoint of the account that
 * subscribes to it: one `event` document per endpoint, signed with that endpoint's secret over the
 * exact body a delivery would carry. Returns what it stored (nothing when no endpoint subscribes).
 */
export function recordEvent(
  stores: Pick<Stores, 'resources'>,
  accountId: string,
  type: string,
  object: unknown,
  now: Date,
): EventDocument[] {
  const { resources } = stores;
  return resources.transaction(() => {
    const endpoints = resources.all<StoredEndpoint>(
      accountId,
      ENDPOINT,
      (e) => e.status === 'enabled' && (e.events as string[]).includes(type),
    );
    return endpoints.map((endpoint) => {
      const envelope: EventEnvelope = {
        id: newId('evt'),
        object: 'event',
        type,
        created_at: now.toISOString(),
        api_version: EVENT_API_VERSION,
        data: { object },
      };
      const body = JSON.stringify(envelope);
      const doc: EventDocument = {
        ...envelope,
        _delivery: {
          webhook_endpoint_id: endpoint.id,
          url: endpoint.url,
          status: 'recorded',
          body,
          signature: signPayload(endpoint._signing_secret, body, now),
        },
      };
      return resources.insert(accountId, EVENT, doc);
    });
  });
}

/** The recorded events of an account, newest first (for tests and debugging; no API lists them). */
export function recordedEvents(stores: Pick<Stores, 'resources'>, accountId: string, type?: string): EventDocument[] {
  return stores.resources.all<EventDocument>(accountId, EVENT, type ? (e) => e.type === type : undefined);
}
