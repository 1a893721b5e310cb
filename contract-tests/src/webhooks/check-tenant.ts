// An account's endpoints receive only its own events: while the other account (--other-key) makes
// an event happen, which its own endpoint receives, this account's endpoint subscribed to the same
// events receives nothing of it (ARCHITECTURE.md §2: no account learns what another has).
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { Delivery } from './delivery.js';
import { valueAt } from './recipe.js';
import { bodyKey, describeDelivery, seconds, webhookIdOf } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    'webhook-tenant': {
      cause: string;
      waitedMs: number;
      /** What this account's endpoint received meanwhile (its own events may be among them). */
      here: Delivery[];
      /** What the other account's own endpoint received: the events it made. */
      control: Delivery[];
      /** Ids of the resources the other account made, and where a payload names its resource. */
      otherResources: string[];
      pointer?: string;
    };
  }
}

export const webhookTenantIsolated = defineCheck('webhook-tenant-isolated', "Another account's events are not delivered here", (ctx) => {
  const e = evidenceOf(ctx, 'webhook-tenant');
  if (!e) return { skip: 'no tenant evidence' };
  if (!e.control.length)
    return {
      skip: `the other account's own endpoint received nothing within ${seconds(e.waitedMs)} after ${e.cause}: no event to look for`,
    };
  const ids = new Set(e.control.map(webhookIdOf).filter((id) => id !== undefined));
  const bodies = new Set(e.control.map(bodyKey));
  const foreign = e.here.filter(
    (d) =>
      ids.has(webhookIdOf(d) ?? '') ||
      bodies.has(bodyKey(d)) ||
      (e.pointer !== undefined && e.otherResources.includes(String(valueAt(d.json, e.pointer)))),
  );
  return foreign.map((d) => ({
    message: `this account's endpoint received the other account's event: ${describeDelivery(d)}, ${JSON.stringify((d.json as { type?: unknown })?.type ?? null)} after ${e.cause}`,
  }));
});
