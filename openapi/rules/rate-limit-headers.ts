import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { hasHeader, RATE_LIMIT_HEADERS } from './helpers.js';

// Every response carries X-Request-Id, and every response to an authenticated request the limit
// state; 401 is not attributed to a key, and 503 may come from the limit store itself failing, so
// neither has to declare it.
const report = reporter('responses');

export const rateLimitHeaders: Oas3Rule = () => ({
  Paths: {
    Operation: {
      Response: {
        enter(response, ctx) {
          if (!hasHeader(response, 'X-Request-Id')) report(ctx, `Response ${ctx.key} must declare X-Request-Id.`, ctx.location);
          if (String(ctx.key) === '401' || String(ctx.key) === '503') return;
          const missing = RATE_LIMIT_HEADERS.filter((h) => !hasHeader(response, h));
          if (missing.length) {
            report(ctx, `Response ${ctx.key} must declare the rate-limit headers; missing ${missing.join(', ')}.`, ctx.location);
          }
        },
      },
    },
  },
});
