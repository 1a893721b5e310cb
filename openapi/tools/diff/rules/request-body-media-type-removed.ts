// Clients sending that Content-Type get 415.
import { label, operationPairs, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'request-body-media-type-removed',
  level: 'breaking',
  description: 'A request body media type was removed; clients sending it get 415.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const after = h.source.op.requestBody?.content ?? {};
      return Object.keys(b.source.op.requestBody?.content ?? {})
        .filter((type) => h.source.op.requestBody && !(type in after))
        .map((type) => ({
          message: `${label(h)}: request media type ${type} removed`,
          operation: h.operationId,
          subject: `body:${type}`,
          where: operationWhere(h, { key: 'requestBody' }),
        }));
    }),
});
