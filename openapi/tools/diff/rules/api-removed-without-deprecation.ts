// The path stays but one of its methods is gone: clients calling it get 405.
import { label, missingFrom } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'api-removed-without-deprecation',
  level: 'breaking',
  description: 'An operation was removed from a path that remains, without being deprecated first.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    missingFrom(base, head)
      .filter((o) => o.path in (head.spec.paths ?? {}) && o.source.op.deprecated !== true)
      .map((o) => ({
        message: `operation ${label(o)} removed without deprecation`,
        operation: o.operationId,
        where: { kind: 'path', path: o.path },
      })),
});
