// Bodies between the new and the old limit get 413.
import { label, operationPairs, operationWhere } from '../operations.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.body-limit-lowered',
  level: 'breaking',
  description: "An operation's body limit (x-body-limit, else 64 KiB) was lowered.",
  reference: 'openapi/README.md#responses',
  check: (base, head) =>
    operationPairs(base, head)
      .filter(({ base: b, head: h }) => h.bodyLimit < b.bodyLimit)
      .map(({ base: b, head: h }) => ({
        message: `${label(h)}: body limit lowered from ${b.bodyLimit} to ${h.bodyLimit} bytes; larger bodies get 413`,
        operation: h.operationId,
        subject: 'x-body-limit',
        where: operationWhere(h, { key: 'x-body-limit' }),
      })),
});
