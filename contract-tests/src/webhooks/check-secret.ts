// The signing secret is shown by create and rotation only: reading the endpoint (its read, its list)
// never shows it. Rotation answers a new secret that signs the next delivery, and the old one no
// longer verifies it (the spec: "signed with the new secret only").
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { FailureInput } from '../types.js';
import type { Delivery } from './delivery.js';
import { describeDelivery } from './support.js';
import { verifySignature } from './verify.js';

declare module '../types.js' {
  interface EvidenceKinds {
    'webhook-secret': {
      /** The answer field that carries it (`signing_secret`). */
      field: string;
      secret: string;
      /** Raw bodies of the reads of the endpoint, after create and after rotation. */
      reads: { label: string; text: string }[];
      rotation?: { operationId: string; newSecret?: string; error?: string; delivery?: Delivery; testedWith: string };
    };
  }
}

/** A secret and the key it encodes (`whsec_<base64>`): either showing is a leak. */
const forms = (secret: string) => [secret, secret.replace(/^whsec_/, '')].filter((s) => s.length >= 8);

export const webhookSecretNotReadable = defineCheck('webhook-secret-not-readable', 'The signing secret is shown once', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-secret');
  if (!e) return { skip: 'no secret evidence' };
  const secrets = [e.secret, ...(e.rotation?.newSecret ? [e.rotation.newSecret] : [])];
  const out: FailureInput[] = [];
  for (const read of e.reads)
    if (secrets.some((s) => forms(s).some((f) => read.text.includes(f))))
      out.push({ message: `${read.label} shows the endpoint's ${e.field}: it is shown only when created or rotated` });
  const r = e.rotation;
  if (!r) return out;
  if (!r.newSecret) return [...out, { message: `${r.operationId} answered no new ${e.field}: ${r.error}` }];
  if (r.newSecret === e.secret) return [...out, { message: `${r.operationId} answered the same ${e.field} again` }];
  if (!r.delivery)
    return out.length ? out : { skip: `the ${r.testedWith} sent after ${r.operationId} did not arrive: the rotation is unverified` };
  const old = verifySignature(e.secret, r.delivery);
  const fresh = verifySignature(r.newSecret, r.delivery);
  if (old.ok)
    out.push({
      message: `the ${r.testedWith} after ${r.operationId}, ${describeDelivery(r.delivery)}, still verifies with the old secret`,
    });
  else if (!fresh.ok && !out.length)
    return {
      skip: `the ${r.testedWith} after ${r.operationId} verifies with neither secret (see webhook-signature-valid): ${fresh.reason}`,
    };
  return out;
});
