// Compatible: nobody calls it yet.
import { label, missingFrom, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'endpoint-added',
  level: 'non-breaking',
  description: 'An operation was added.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    missingFrom(head, base).map((o) => ({ message: `operation ${label(o)} added`, operation: o.operationId, where: operationWhere(o) })),
});
