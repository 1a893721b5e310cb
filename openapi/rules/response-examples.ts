import type { Ctx, Node, Rule } from './types.js';

// Named examples are the test cases (DESIGN §6); an unnamed `example` cannot be paired.
export const responseExamples: Rule = () => ({
  Paths: {
    Operation: {
      Response: {
        enter(response: Node, ctx: Ctx) {
          for (const [type, media] of Object.entries(response.content ?? {}) as [string, Node][]) {
            const named = Object.keys(media?.examples ?? {});
            if (named.length === 0) {
              ctx.report({
                message: `Response ${ctx.key} (${type}) needs at least one named example under \`examples\`.`,
                location: ctx.location.child(['content', type]),
              });
            }
          }
        },
      },
    },
  },
});
