import type { Ctx, Node, Rule } from './types.js';

// Every operation accepts both credentials (DESIGN §2) with the same scopes, so Bearer and
// X-API-Key are interchangeable and no operation is reachable without a scope.
export const SCHEMES = ['bearerAuth', 'apiKeyHeader'];

export const operationScopes: Rule = () => ({
  Paths: {
    Operation: {
      enter(op: Node, ctx: Ctx) {
        const security = op.security;
        const where = ctx.location.child('security');
        if (!Array.isArray(security) || security.length === 0) {
          ctx.report({ message: `Operation must declare security: ${SCHEMES.join(' or ')}, each with its scope.`, location: ctx.location.key() });
          return;
        }
        const byScheme = new Map<string, string[]>();
        for (const requirement of security) {
          const names = Object.keys(requirement ?? {});
          if (names.length !== 1) {
            ctx.report({ message: 'Each security requirement must name exactly one scheme (they are alternatives, not a combination).', location: where });
            continue;
          }
          byScheme.set(names[0], requirement[names[0]] ?? []);
        }
        const schemes = [...byScheme.keys()].sort().join(',');
        if (schemes !== [...SCHEMES].sort().join(',')) {
          ctx.report({ message: `Security must offer exactly ${SCHEMES.join(' and ')} as alternatives (got ${schemes || 'none'}).`, location: where });
          return;
        }
        const [bearer, header] = SCHEMES.map((s) => [...(byScheme.get(s) ?? [])].sort().join(' '));
        if (!bearer) ctx.report({ message: 'Security requirements must list at least one scope.', location: where });
        else if (bearer !== header) ctx.report({ message: `Both schemes must require the same scopes (${bearer} vs ${header}).`, location: where });
      },
    },
  },
});
