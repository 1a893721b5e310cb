import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { extension, isObject, stringList } from './helpers.js';

// Limits are declared once per operation by naming policies of the root registry, so docs, stub
// and runner all read the same numbers.
const report = reporter('rate-limits');
const positiveInteger = (v: unknown) => Number.isInteger(v) && Number(v) > 0;

export const rateLimitDeclared: Oas3Rule = () => {
  let policies = new Set<string>();
  let concurrency = new Set<string>();
  return {
    Root: {
      enter(root, ctx) {
        const registry = extension(root, 'x-rate-limit-policies');
        if (!isObject(registry)) {
          report(ctx, 'The root must declare `x-rate-limit-policies` (name → limit, window, per).', ctx.location);
          return;
        }
        policies = new Set(Object.keys(registry));
        const limits = extension(root, 'x-concurrency-limits');
        concurrency = new Set(isObject(limits) ? Object.keys(limits) : []);
        for (const [name, p] of Object.entries(registry)) {
          if (!(isObject(p) && positiveInteger(p.limit) && positiveInteger(p.window) && typeof p.per === 'string')) {
            const where = ctx.location.child(['x-rate-limit-policies', name]);
            report(ctx, `Rate-limit policy "${name}" needs a positive integer limit and window (seconds) and a \`per\`.`, where);
          }
        }
      },
    },
    Paths: {
      Operation: {
        enter(op, ctx) {
          const declared = stringList(extension(op, 'x-rate-limit'));
          if (!declared?.length) {
            report(ctx, 'Operation must declare `x-rate-limit`: the policies that count it (at least `default`).', ctx.location.key());
            return;
          }
          const where = ctx.location.child('x-rate-limit');
          if (!declared.includes('default')) report(ctx, 'x-rate-limit must include the `default` policy.', where);
          for (const name of declared) {
            if (!policies.has(name)) report(ctx, `x-rate-limit names "${name}", which x-rate-limit-policies does not declare.`, where);
          }
          const unknown = (stringList(extension(op, 'x-concurrency-limit')) ?? []).filter((n) => !concurrency.has(n));
          const limitAt = ctx.location.child('x-concurrency-limit');
          for (const name of unknown) {
            report(ctx, `x-concurrency-limit names "${name}", which x-concurrency-limits does not declare.`, limitAt);
          }
        },
      },
    },
  };
};
