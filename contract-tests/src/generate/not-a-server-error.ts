import { defineCheck, hasResponse, na, res, when } from '../checks/define.js';
import { describeReceived } from '../checks/support.js';
import { generatedOf, provenance } from './evidence.js';

// Whatever a client sends, valid or not, the server does not crash: never a 500, and no other
// 5xx the operation does not document (a documented 502 is an upstream's answer, not a crash).
export const notAServerError = defineCheck(
  'not-a-server-error',
  'No server error on any input',
  when(hasResponse, (ctx, ex) => {
    const e = generatedOf(ctx);
    if (!e) return na('not a generated input');
    const { status, json } = res(ex);
    if (status < 500) return [];
    if (status !== 500 && ctx.operation.op.responses?.[String(status)]) return [];
    const what = e.kind === 'negative' && e.broken ? `an input broken at ${e.broken.field} (${e.broken.rule})` : 'a schema-valid input';
    return [{ message: `${describeReceived(status, json)} to ${what}; ${provenance(e)}`, received: status }];
  }),
);
