// Every delivery is signed as Standard Webhooks says, under the endpoint's secret: the
// `standardwebhooks` package is the judge (verify.ts). A stale timestamp is not held against the
// signature: that is webhook-timestamp-fresh's verdict.
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { Delivery } from './delivery.js';
import { describeDelivery } from './support.js';
import { verifySignature } from './verify.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The delivery to verify and the secret the endpoint was given (by create, or by rotation). */
    'webhook-signature': { secret: string; delivery?: Delivery; secretFrom: string };
  }
}

export const webhookSignatureValid = defineCheck('webhook-signature-valid', 'The delivery is signed with the endpoint secret', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-signature');
  if (!e) return { skip: 'no signature evidence' };
  if (!e.delivery) return { skip: 'no delivery arrived (see webhook-delivered)' };
  const v = verifySignature(e.secret, e.delivery);
  if (v.ok) return [];
  return [{ message: `delivery ${describeDelivery(e.delivery)} does not verify with the secret from ${e.secretFrom}: ${v.reason}` }];
});
