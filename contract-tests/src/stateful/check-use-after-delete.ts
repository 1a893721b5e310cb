// After a successful ending (delete, revoke, hang-up): reading is the documented 404 or shows the
// documented ended state, ending again is the documented answer, the list no longer shows it alive.
import { defineCheck, evidenceOf, hasResponse, res, when } from '../checks/define.js';
import { isObject } from '../checks/support.js';
import { endedStateDifferences } from './compare.js';
import { answerFailures, listedOutcome } from './outcomes.js';

export const useAfterDelete = defineCheck(
  'use-after-delete',
  'An ended resource stays ended: read, repeat, list',
  when(hasResponse, (ctx, ex) => {
    const listed = evidenceOf(ctx, 'listed');
    if (listed) return listedOutcome(listed);
    const ev = evidenceOf(ctx, 'read-after-end') ?? evidenceOf(ctx, 'end-again');
    if (!ev) return { skip: 'no use-after-delete evidence' };
    const { status, json } = res(ex);
    const what = ev.kind === 'end-again' ? `${ev.endedBy} again` : `reading after ${ev.endedBy}`;
    const failures = answerFailures(ev.want, status, json, what);
    if (failures.length || ev.kind === 'end-again' || !/^2/.test(ev.want.status)) return failures;
    return endedStateDifferences(isObject(json) ? json : {}, ev.endedState).map((d) => ({ ...d, message: `${what}: ${d.message}` }));
  }),
);
