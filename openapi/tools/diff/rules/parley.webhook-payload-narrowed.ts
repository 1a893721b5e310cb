// A delivery is a response sent to the client: what its receiver reads must stay (property kept,
// still required, no new type), exactly as for a response body.

import { webhookPairs } from '../operations.js';
import { compareSchemas, type FindingKind } from '../schema-compare.js';
import { defineRule } from '../types.js';

const BREAKING: readonly FindingKind[] = ['property-removed', 'became-optional', 'type-widened'];
const WHAT: Partial<Record<FindingKind, string>> = {
  'property-removed': 'removed',
  'became-optional': 'became optional',
  'type-widened': 'may be of a new type',
};

export default defineRule({
  id: 'parley.webhook-payload-narrowed',
  level: 'breaking',
  description: "A webhook payload gives receivers less: a property removed or made optional, or a value's type widened.",
  reference: 'openapi/README.md#webhooks',
  check: (base, head) =>
    webhookPairs(base, head).flatMap(({ base: b, head: h }) =>
      compareSchemas(base.spec, b.payloadSchema, head.spec, h.payloadSchema, 'payload')
        .filter((f) => BREAKING.includes(f.kind))
        .map((f) => ({
          message: `webhook ${h.name}: ${f.property} ${WHAT[f.kind]}${f.kind === 'type-widened' ? ` (${f.detail})` : ''}; receivers rely on it`,
          operation: h.name,
          subject: f.property,
          where: f.component
            ? { kind: 'component', section: 'schemas', name: f.component, needle: f.property.split('.').pop()?.replace('[]', '') }
            : { kind: 'webhook', name: h.name },
        })),
    ),
});
