// How credentials travel changed (type, header name, location, HTTP scheme): clients send them the old way.
import { defineRule } from '../types.js';

const FIELDS = ['type', 'scheme', 'in', 'name', 'openIdConnectUrl'] as const;

export default defineRule({
  id: 'api-security-component-type-changed',
  level: 'breaking',
  description: 'A security scheme changed how credentials are sent (type, scheme, in, name).',
  reference: 'openapi/README.md#security',
  check: (base, head) => {
    const after = (head.spec.components?.securitySchemes ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries((base.spec.components?.securitySchemes ?? {}) as Record<string, Record<string, unknown>>).flatMap(([name, b]) => {
      const h = after[name];
      if (!h) return [];
      const changed = FIELDS.filter((f) => b[f] !== h[f]);
      return changed.length
        ? [
            {
              message: `security scheme ${name} changed: ${changed.map((f) => `${f} ${JSON.stringify(b[f])} → ${JSON.stringify(h[f])}`).join(', ')}`,
              subject: name,
              where: { kind: 'root', key: 'components', needle: `    ${name}:` },
            },
          ]
        : [];
    });
  },
});
