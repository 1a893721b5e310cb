import { isError, type Ctx, type Node, type Rule } from './types.js';

// Errors are one contract (DESIGN §3): each status is a shared response whose body is the
// problem+json `Problem` schema, so no operation can drift from it.
const SHARED = /(^#\/components\/responses\/|components\/responses\/[^/]+\.ya?ml$)/;
const PROBLEM = /(^#\/components\/schemas\/Problem$|(^|\/)Problem\.ya?ml$)/;

export const sharedErrorResponses: Rule = () => ({
  Paths: {
    Operation: {
      enter(op: Node, ctx: Ctx) {
        for (const [status, response] of Object.entries(op.responses ?? {}) as [string, Node][]) {
          if (isError(status) && !SHARED.test(String(response?.$ref ?? ''))) {
            ctx.report({ message: `Error response ${status} must be a $ref to a shared response in components/responses.`, location: ctx.location.child(['responses', status]) });
          }
        }
      },
      Response: {
        enter(response: Node, ctx: Ctx) {
          if (!isError(ctx.key)) return;
          const types = Object.keys(response.content ?? {});
          const schemaRef = String(response.content?.['application/problem+json']?.schema?.$ref ?? '');
          if (types.join() !== 'application/problem+json' || !PROBLEM.test(schemaRef)) {
            ctx.report({ message: `Error response ${ctx.key} must have exactly application/problem+json with the shared Problem schema.`, location: ctx.location.child('content') });
          }
        },
      },
    },
  },
});
