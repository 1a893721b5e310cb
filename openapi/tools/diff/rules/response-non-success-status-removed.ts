// The server may still answer it; clients lose its documentation (oasdiff: a warning).
import { label, operationPairs, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';
import { isSuccess } from './response-success-status-removed.js';

export default defineRule({
  id: 'response-non-success-status-removed',
  level: 'non-breaking',
  description: 'A documented error response was removed; the server may still answer it undocumented.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) =>
      Object.keys(b.source.op.responses ?? {})
        .filter((s) => !isSuccess(s) && !(s in (h.source.op.responses ?? {})))
        .map((s) => ({ message: `${label(h)}: ${s} response removed`, operation: h.operationId, subject: s, where: operationWhere(h) })),
    ),
});
