// What the webhook verdicts share about recorded deliveries: which are POSTs, which are about the
// resource a case made, their Standard Webhooks id, and a one-line description for messages.
import { WEBHOOK_HEADERS } from '../../../openapi/tools/contract-model.js';
import type { Delivery } from './delivery.js';
import { valueAt } from './recipe.js';

/** Where an event names the resource a case made, and that resource's id. */
export interface ResourceMatch {
  pointer: string;
  value: string;
}

/** Webhook deliveries proper: POSTs (a sender that GETs is recorded, answered 405, and not a delivery). */
export const posts = (all: readonly Delivery[]): Delivery[] => all.filter((d) => d.method === 'POST');

/** The deliveries about the matched resource (every one, without a match). */
export const matching = (arrived: readonly Delivery[], match?: ResourceMatch): Delivery[] =>
  match ? arrived.filter((d) => valueAt(d.json, match.pointer) === match.value) : [...arrived];

export const webhookIdOf = (d: Pick<Delivery, 'headers'>): string | undefined => d.headers[WEBHOOK_HEADERS.id];

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** `#3 (webhook-id evt_…, answered 500)`. */
export const describeDelivery = (d: Delivery): string =>
  `#${d.seq} (${WEBHOOK_HEADERS.id} ${webhookIdOf(d) ?? 'missing'}, answered ${d.answeredStatus})`;

/** The body as JSON text, normalised when it parses (key order and spacing do not make another event). */
export const bodyKey = (d: Delivery): string => (d.json === undefined ? d.rawBody : JSON.stringify(sortedKeys(d.json)));

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}
