// Clients that ask for (or parse) that media type get something else.
import { label, operationPairs, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'response-media-type-removed',
  level: 'breaking',
  description: 'A response media type was removed from a status that remains.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const after = (h.source.op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      return Object.entries((b.source.op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>).flatMap(
        ([status, r]) =>
          status in after
            ? Object.keys(r.content ?? {})
                .filter((type) => !(type in (after[status].content ?? {})))
                .map((type) => ({
                  message: `${label(h)}: ${type} removed from the ${status} response`,
                  operation: h.operationId,
                  subject: `${status}:${type}`,
                  where: operationWhere(h, { status }),
                }))
            : [],
      );
    }),
});
