import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { isError, refOf } from './helpers.js';

// Errors are one contract: each status is a shared response whose body is the problem+json
// `Problem` schema, so no operation can drift from it.
const SHARED = /(^#\/components\/responses\/|components\/responses\/[^/]+\.ya?ml$)/;
const PROBLEM = /(^#\/components\/schemas\/Problem$|(^|\/)Problem\.ya?ml$)/;
const report = reporter('responses');

export const sharedErrorResponses: Oas3Rule = () => ({
  Paths: {
    Operation: {
      enter(op, ctx) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (isError(status) && !SHARED.test(refOf(response))) {
            const where = ctx.location.child(['responses', status]);
            report(ctx, `Error response ${status} must be a $ref to a shared response in components/responses.`, where);
          }
        }
      },
      Response: {
        enter(response, ctx) {
          if (!isError(ctx.key)) return;
          const types = Object.keys(response.content ?? {});
          const schemaRef = refOf(response.content?.['application/problem+json']?.schema);
          if (types.join() !== 'application/problem+json' || !PROBLEM.test(schemaRef)) {
            const where = ctx.location.child('content');
            report(ctx, `Error response ${ctx.key} must have exactly application/problem+json with the shared Problem schema.`, where);
          }
        },
      },
    },
  },
});
