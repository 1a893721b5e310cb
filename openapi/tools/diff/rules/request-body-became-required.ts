// Requests without a body are refused.
import { label, operationPairs, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'request-body-became-required',
  level: 'breaking',
  description: 'An optional request body became required.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head)
      .filter(({ base: b, head: h }) => h.source.op.requestBody?.required === true && b.source.op.requestBody?.required !== true)
      .map(({ head: h }) => ({
        message: `${label(h)}: request body became required`,
        operation: h.operationId,
        subject: 'body',
        where: operationWhere(h, { key: 'requestBody' }),
      })),
});
