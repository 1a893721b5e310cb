import type { Ctx, Node, Rule } from './types.js';

// Limits are declared once per operation (DESIGN §4) by naming policies of the root registry, so
// docs, stub and runner all read the same numbers.
export const rateLimitDeclared: Rule = () => {
  let policies = new Set<string>();
  let concurrency = new Set<string>();
  return {
    Root: {
      enter(root: Node, ctx: Ctx) {
        const registry = root['x-rate-limit-policies'];
        if (!registry || typeof registry !== 'object') {
          ctx.report({ message: 'The root must declare `x-rate-limit-policies` (name → limit, window, per).', location: ctx.location });
          return;
        }
        policies = new Set(Object.keys(registry));
        concurrency = new Set(Object.keys(root['x-concurrency-limits'] ?? {}));
        for (const [name, p] of Object.entries(registry) as [string, Node][]) {
          if (!(Number.isInteger(p?.limit) && p.limit > 0 && Number.isInteger(p?.window) && p.window > 0 && typeof p?.per === 'string')) {
            ctx.report({ message: `Rate-limit policy "${name}" needs a positive integer limit and window (seconds) and a \`per\`.`, location: ctx.location.child(['x-rate-limit-policies', name]) });
          }
        }
      },
    },
    Paths: {
      Operation: {
        enter(op: Node, ctx: Ctx) {
          const declared = op['x-rate-limit'];
          if (!Array.isArray(declared) || declared.length === 0) {
            ctx.report({ message: 'Operation must declare `x-rate-limit`: the policies that count it (at least `default`).', location: ctx.location.key() });
            return;
          }
          if (!declared.includes('default')) ctx.report({ message: 'x-rate-limit must include the `default` policy.', location: ctx.location.child('x-rate-limit') });
          for (const name of declared) {
            if (!policies.has(name)) ctx.report({ message: `x-rate-limit names "${name}", which x-rate-limit-policies does not declare.`, location: ctx.location.child('x-rate-limit') });
          }
          for (const name of op['x-concurrency-limit'] ?? []) {
            if (!concurrency.has(name)) ctx.report({ message: `x-concurrency-limit names "${name}", which x-concurrency-limits does not declare.`, location: ctx.location.child('x-concurrency-limit') });
          }
        },
      },
    },
  };
};
