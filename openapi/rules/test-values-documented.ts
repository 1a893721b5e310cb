import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { extension, isObject } from './helpers.js';

// Test-mode magic inputs are part of the contract: each one declared in the root's
// `x-test-values` must be described to readers and exercised by some example.
const report = reporter('test-mode');

export const testValuesDocumented: Oas3Rule = () => {
  let values: unknown[] = [];
  const descriptions: string[] = [];
  const examples: string[] = [];
  return {
    Root: {
      enter(root) {
        const declared = extension(root, 'x-test-values');
        values = Array.isArray(declared) ? declared : [];
      },
      leave(_root, ctx) {
        const text = descriptions.join('\n');
        const inExamples = examples.join('\n');
        values.forEach((entry, i) => {
          const value = isObject(entry) && entry.value != null ? String(entry.value) : '';
          const where = ctx.location.child(['x-test-values', i]);
          if (!value) report(ctx, 'x-test-values entries need a `value`.', where);
          else if (!text.includes(value)) report(ctx, `Test value ${value} is not described in any operation's description.`, where);
          else if (!inExamples.includes(JSON.stringify(value))) report(ctx, `Test value ${value} is not used by any example.`, where);
        });
      },
    },
    Paths: {
      Operation: {
        enter(op) {
          descriptions.push(op.description ?? '');
        },
      },
      Example: {
        enter(example) {
          examples.push(JSON.stringify(example?.value ?? null));
        },
      },
    },
  };
};
