// Every call to the path is a 404 now; a path is removed only after its operations were deprecated.
import { missingFrom } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'api-path-removed-without-deprecation',
  level: 'breaking',
  description: 'A path was removed (every operation on it) without being deprecated first.',
  reference: BREAKING_CHANGES,
  check: (base, head) => {
    const gone = missingFrom(base, head).filter((o) => !(o.path in (head.spec.paths ?? {})) && o.source.op.deprecated !== true);
    return [...new Set(gone.map((o) => o.path))].map((path) => ({
      message: `path ${path} removed (${gone
        .filter((o) => o.path === path)
        .map((o) => o.operationId)
        .join(', ')}) without deprecation`,
      subject: path,
      where: { kind: 'path', path },
    }));
  },
});
