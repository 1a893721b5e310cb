// Distinct events have distinct `webhook-id`s: receivers de-duplicate on it, so one id given to two
// different events makes them drop the second. Retries and redeliveries repeat an event (same id,
// same body) and are one event.
import { WEBHOOK_HEADERS } from '../../../openapi/tools/contract-model.js';
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { Delivery } from './delivery.js';
import { bodyKey, describeDelivery, webhookIdOf } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** Every delivery the run's receiver got. */
    'webhook-ids': { deliveries: Delivery[] };
  }
}

export const webhookIdsUnique = defineCheck('webhook-ids-unique', 'Distinct events have distinct webhook ids', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-ids');
  if (!e) return { skip: 'no evidence of the run deliveries' };
  const byId = new Map<string, Map<string, Delivery>>();
  for (const d of e.deliveries) {
    const id = webhookIdOf(d);
    if (!id) continue;
    const bodies = byId.get(id) ?? byId.set(id, new Map()).get(id)!;
    if (!bodies.has(bodyKey(d))) bodies.set(bodyKey(d), d);
  }
  const events = [...byId.values()].reduce((n, bodies) => n + bodies.size, 0);
  if (events < 2) return { skip: `${events} event${events === 1 ? ' was' : 's were'} delivered in this run: nothing to compare` };
  return [...byId.entries()]
    .filter(([, bodies]) => bodies.size > 1)
    .map(([id, bodies]) => ({
      message: `${WEBHOOK_HEADERS.id} ${id} was given to ${bodies.size} different events (${[...bodies.values()].map(describeDelivery).join(', ')})`,
    }));
});
