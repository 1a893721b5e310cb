import type { Ctx, Node, Rule } from './types.js';

// Test-mode magic inputs are part of the contract (DESIGN §6): each one declared in the root's
// `x-test-values` must be described to readers and exercised by some example.
export const testValuesDocumented: Rule = () => {
  let values: Node[] = [];
  const descriptions: string[] = [];
  const examples: string[] = [];
  return {
    Root: {
      enter(root: Node) {
        values = Array.isArray(root['x-test-values']) ? root['x-test-values'] : [];
      },
      leave(_root: Node, ctx: Ctx) {
        const text = descriptions.join('\n');
        const inExamples = examples.join('\n');
        values.forEach((entry, i) => {
          const value = String(entry?.value ?? '');
          const where = ctx.location.child(['x-test-values', i]);
          if (!value) ctx.report({ message: 'x-test-values entries need a `value`.', location: where });
          else if (!text.includes(value)) ctx.report({ message: `Test value ${value} is not described in any operation's description.`, location: where });
          else if (!inExamples.includes(JSON.stringify(value))) ctx.report({ message: `Test value ${value} is not used by any example.`, location: where });
        });
      },
    },
    Paths: {
      Operation: {
        enter(op: Node) {
          descriptions.push(String(op.description ?? ''));
        },
      },
      Example: {
        enter(example: Node) {
          examples.push(JSON.stringify(example?.value ?? null));
        },
      },
    },
  };
};
