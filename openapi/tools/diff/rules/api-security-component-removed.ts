// Clients presenting credentials the scheme described are refused everywhere.
import { defineRule } from '../types.js';

export default defineRule({
  id: 'api-security-component-removed',
  level: 'breaking',
  description: 'A security scheme was removed from components/securitySchemes.',
  reference: 'openapi/README.md#security',
  check: (base, head) => {
    const after = head.spec.components?.securitySchemes ?? {};
    return Object.keys(base.spec.components?.securitySchemes ?? {})
      .filter((name) => !(name in after))
      .map((name) => ({
        message: `security scheme ${name} removed`,
        subject: name,
        where: { kind: 'root', key: 'components', needle: `    ${name}:` },
      }));
  },
});
