// The event a case made happen reaches the endpoint registered for it, within the wait
// (ARCHITECTURE.md §11): a delivery whose payload names the resource the case made.
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { Delivery } from './delivery.js';
import { matching, type ResourceMatch, seconds } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** Every POST the endpoint received while the case waited for its event. */
    'webhook-delivered': { event: string; cause: string; waitedMs: number; arrived: Delivery[]; match?: ResourceMatch };
  }
}

export const webhookDelivered = defineCheck('webhook-delivered', 'The event is delivered to its endpoint', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-delivered');
  if (!e) return { skip: 'no delivery evidence' };
  if (matching(e.arrived, e.match).length) return [];
  const others = e.arrived.length
    ? `; ${e.arrived.length} other deliver${e.arrived.length === 1 ? 'y' : 'ies'} arrived, none naming ${e.match?.value} at ${e.match?.pointer}`
    : '';
  return [{ message: `no ${e.event} delivery reached the endpoint within ${seconds(e.waitedMs)} after ${e.cause}${others}` }];
});
