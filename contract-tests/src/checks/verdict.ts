import type { Check, CheckContext, Profile } from '../types.js';
import { defineCheck, hasResponse, res, when } from './define.js';
import { describeReceived } from './support.js';

/**
 * A probe's verdict when it comes down to the status: the probe's documented example status
 * (401, 403, 413 …) or a failure that says what the server let through (fixed, or worded from the
 * probe's evidence).
 */
export function statusVerdict(
  id: string,
  title: string,
  what: string | ((ctx: CheckContext) => string),
  profiles: readonly Profile[] = ['full'],
): Check {
  return defineCheck(
    id,
    title,
    when(hasResponse, (ctx, ex) => {
      const { status, json } = res(ex);
      if (String(status) === ctx.expected.status) return [];
      return [
        {
          message: `${typeof what === 'string' ? what : what(ctx)}: documented ${ctx.expected.status}, received ${describeReceived(status, json)}`,
          documented: Number(ctx.expected.status),
          received: status,
        },
      ];
    }),
    { profiles },
  );
}
