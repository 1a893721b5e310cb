import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { extension, isObject } from './helpers.js';

// The root's `x-scopes` is the one list of scopes; docs, stub and runner read it, so an operation
// may only use declared scopes and a declared scope that nothing uses is dead documentation.
const report = reporter('security');

export const scopesRegistry: Oas3Rule = () => {
  let declared = new Set<string>();
  const used = new Set<string>();
  return {
    Root: {
      enter(root, ctx) {
        const registry = extension(root, 'x-scopes');
        if (!isObject(registry)) {
          report(ctx, 'The root must declare the scope registry `x-scopes` (scope → description).', ctx.location);
          return;
        }
        declared = new Set(Object.keys(registry));
        for (const [scope, description] of Object.entries(registry)) {
          if (typeof description !== 'string' || !description.trim()) {
            report(ctx, `Scope "${scope}" needs a description.`, ctx.location.child(['x-scopes', scope]));
          }
        }
      },
      leave(_root, ctx) {
        for (const scope of [...declared].filter((s) => !used.has(s))) {
          const where = ctx.location.child(['x-scopes', scope]).key();
          report(ctx, `Scope "${scope}" is declared in x-scopes but no operation requires it.`, where);
        }
      },
    },
    Paths: {
      Operation: {
        enter(op, ctx) {
          for (const requirement of op.security ?? []) {
            for (const scopes of Object.values(requirement ?? {})) {
              for (const scope of scopes ?? []) {
                used.add(scope);
                const where = ctx.location.child('security');
                if (!declared.has(scope)) report(ctx, `Scope "${scope}" is not declared in the root's x-scopes.`, where);
              }
            }
          }
        },
      },
    },
  };
};
