import { RATE_LIMIT_HEADERS, hasHeader, type Ctx, type Node, type Rule } from './types.js';

// Every response carries X-Request-Id (DESIGN §3), and every response to an authenticated request
// the limit state (DESIGN §4); 401 is the one response not attributed to a key, so it has none.
export const rateLimitHeaders: Rule = () => ({
  Paths: {
    Operation: {
      Response: {
        enter(response: Node, ctx: Ctx) {
          if (!hasHeader(response, 'X-Request-Id')) {
            ctx.report({ message: `Response ${ctx.key} must declare X-Request-Id.`, location: ctx.location });
          }
          if (String(ctx.key) === '401') return;
          const missing = RATE_LIMIT_HEADERS.filter((h) => !hasHeader(response, h));
          if (missing.length) {
            ctx.report({ message: `Response ${ctx.key} must declare the rate-limit headers; missing ${missing.join(', ')}.`, location: ctx.location });
          }
        },
      },
    },
  },
});
