// A created resource reads back as the create answered it (within the rules of ReadBackRules) and
// appears in its list.
import { defineCheck, evidenceOf, hasResponse, res, when } from '../checks/define.js';
import { describeReceived, isObject } from '../checks/support.js';
import { readBackDifferences } from './compare.js';
import { listedOutcome } from './outcomes.js';

export const readAfterCreate = defineCheck(
  'read-after-create',
  'A created resource reads back as created and is listed',
  when(hasResponse, (ctx, ex) => {
    const listed = evidenceOf(ctx, 'listed');
    if (listed) return listedOutcome(listed);
    const back = evidenceOf(ctx, 'read-back');
    if (!back) return { skip: 'no read-after-create evidence' };
    const { status, json } = res(ex);
    if (status < 200 || status >= 300)
      return [{ message: `the created resource does not read back: ${describeReceived(status, json)}`, documented: 200, received: status }];
    if (!isObject(json)) return { skip: 'the read is not a JSON object (see json-body)' };
    return readBackDifferences(back.created, json, back.rules);
  }),
);
