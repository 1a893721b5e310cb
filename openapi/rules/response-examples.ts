import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';

// Named examples are the test cases; an unnamed `example` cannot be paired with a request.
const report = reporter('examples-are-test-cases');

export const responseExamples: Oas3Rule = () => ({
  Paths: {
    Operation: {
      Response: {
        enter(response, ctx) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            if (Object.keys(media?.examples ?? {}).length === 0) {
              const where = ctx.location.child(['content', type]);
              report(ctx, `Response ${ctx.key} (${type}) needs at least one named example under \`examples\`.`, where);
            }
          }
        },
      },
    },
  },
});
