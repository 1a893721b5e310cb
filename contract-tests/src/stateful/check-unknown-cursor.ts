// A `starting_after` that is no item of the list (an unknown id) is the documented error naming the
// parameter, never a page (a server that ignores it answers the first page as if nothing was wrong).
import { defineCheck, evidenceOf, hasResponse, res, when } from '../checks/define.js';
import { isObject } from '../checks/support.js';
import type { Json } from '../types.js';
import { answerFailures } from './outcomes.js';

export const unknownCursorRefused = defineCheck(
  'unknown-cursor-refused',
  'An unknown starting_after → the documented error',
  when(hasResponse, (ctx, ex) => {
    const ev = evidenceOf(ctx, 'unknown-cursor');
    if (!ev) return { skip: 'no unknown-cursor evidence' };
    const { status, json } = res(ex);
    const failures = answerFailures(ev.want, status, json, `starting_after=${ev.cursor}`);
    if (failures.length) return failures;
    const errors: Json[] = isObject(json) && Array.isArray(json.errors) ? json.errors.filter(isObject) : [];
    if (errors.some((e) => e.field === ev.want.field)) return [];
    return [
      {
        message: `the error does not name ${ev.want.field} in errors[].field`,
        documented: ev.want.field,
        received: errors.map((e) => e.field),
        pointer: '/errors',
      },
    ];
  }),
);
