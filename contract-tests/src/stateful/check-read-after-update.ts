// After a successful update, reading shows every field the update sent (objects as subsets).
import { defineCheck, evidenceOf, hasResponse, res, when } from '../checks/define.js';
import { describeReceived, isObject } from '../checks/support.js';
import { updateDifferences } from './compare.js';

export const readAfterUpdate = defineCheck(
  'read-after-update',
  'An update persists: reading shows what it sent',
  when(hasResponse, (ctx, ex) => {
    const ev = evidenceOf(ctx, 'read-after-update');
    if (!ev) return { skip: 'no read-after-update evidence' };
    const { status, json } = res(ex);
    if (status < 200 || status >= 300)
      return [{ message: `the updated resource does not read back: ${describeReceived(status, json)}`, documented: 200, received: status }];
    if (!isObject(json)) return { skip: 'the read is not a JSON object (see json-body)' };
    const readable = Object.fromEntries(Object.entries(ev.sent).filter(([k]) => ev.readable.includes(k)));
    return updateDifferences(readable, json).map((d) => ({ ...d, message: `after the update, ${d.message}` }));
  }),
);
