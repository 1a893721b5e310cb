// Clients that never sent the key are refused; named for what it is rather than as any parameter.
import { IDEMPOTENCY_HEADER } from '../../contract-model.js';
import { label, operationPairs, operationWhere, parametersOf } from '../operations.js';
import { defineRule } from '../types.js';

const SUBJECT = `header.${IDEMPOTENCY_HEADER}`;

export default defineRule({
  id: 'parley.idempotency-key-required',
  level: 'breaking',
  description: 'Idempotency-Key became required on an operation (added as required, or made required).',
  reference: 'openapi/README.md#idempotency',
  supersedes: ['request-parameter-became-required', 'new-required-request-parameter'],
  check: (base, head) =>
    operationPairs(base, head)
      .filter(({ base: b, head: h }) => parametersOf(h).get(SUBJECT)?.required === true && parametersOf(b).get(SUBJECT)?.required !== true)
      .map(({ head: h }) => ({
        message: `${label(h)}: Idempotency-Key is required now; requests without it are refused`,
        operation: h.operationId,
        subject: SUBJECT,
        where: operationWhere(h, { key: 'parameters' }),
      })),
});
