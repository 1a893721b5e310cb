import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';

// Every operation accepts both credentials (a Bearer token or the X-API-Key header) with the same
// scopes, so the two are interchangeable and no operation is reachable without a scope.
export const SCHEMES = ['bearerAuth', 'apiKeyHeader'];
const report = reporter('security');

export const operationScopes: Oas3Rule = () => ({
  Paths: {
    Operation: {
      enter(op, ctx) {
        const security = op.security;
        const where = ctx.location.child('security');
        if (!Array.isArray(security) || security.length === 0) {
          report(ctx, `Operation must declare security: ${SCHEMES.join(' or ')}, each with its scope.`, ctx.location.key());
          return;
        }
        const byScheme = new Map<string, string[]>();
        for (const requirement of security) {
          const names = Object.keys(requirement ?? {});
          if (names.length !== 1) {
            report(ctx, 'Each security requirement must name exactly one scheme (they are alternatives, not a combination).', where);
            continue;
          }
          byScheme.set(names[0], requirement[names[0]] ?? []);
        }
        const schemes = [...byScheme.keys()].sort().join(',');
        if (schemes !== [...SCHEMES].sort().join(',')) {
          report(ctx, `Security must offer exactly ${SCHEMES.join(' and ')} as alternatives (got ${schemes || 'none'}).`, where);
          return;
        }
        const [bearer, header] = SCHEMES.map((s) => [...(byScheme.get(s) ?? [])].sort().join(' '));
        if (!bearer) report(ctx, 'Security requirements must list at least one scope.', where);
        else if (bearer !== header) report(ctx, `Both schemes must require the same scopes (${bearer} vs ${header}).`, where);
      },
    },
  },
});
