import type { Ctx, Node, Rule } from './types.js';

// The root's `x-scopes` is the one list of scopes; docs, stub and runner read it, so an operation
// may only use declared scopes and a declared scope that nothing uses is dead documentation.
export const scopesRegistry: Rule = () => {
  let declared: Set<string> = new Set();
  const used = new Set<string>();
  return {
    Root: {
      enter(root: Node, ctx: Ctx) {
        const registry = root['x-scopes'];
        if (!registry || typeof registry !== 'object') {
          ctx.report({ message: 'The root must declare the scope registry `x-scopes` (scope → description).', location: ctx.location });
          return;
        }
        declared = new Set(Object.keys(registry));
        for (const [scope, description] of Object.entries(registry)) {
          if (typeof description !== 'string' || !description.trim()) {
            ctx.report({ message: `Scope "${scope}" needs a description.`, location: ctx.location.child(['x-scopes', scope]) });
          }
        }
      },
      leave(_root: Node, ctx: Ctx) {
        for (const scope of declared) {
          if (!used.has(scope)) ctx.report({ message: `Scope "${scope}" is declared in x-scopes but no operation requires it.`, location: ctx.location.child(['x-scopes', scope]).key() });
        }
      },
    },
    Paths: {
      Operation: {
        enter(op: Node, ctx: Ctx) {
          for (const requirement of op.security ?? []) {
            for (const scopes of Object.values(requirement ?? {}) as string[][]) {
              for (const scope of scopes ?? []) {
                used.add(scope);
                if (!declared.has(scope)) ctx.report({ message: `Scope "${scope}" is not declared in the root's x-scopes.`, location: ctx.location.child('security') });
              }
            }
          }
        },
      },
    },
  };
};
