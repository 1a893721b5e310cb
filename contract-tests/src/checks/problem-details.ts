import { defineResponseCheck, hasJsonBody, na, res, when } from './define.js';
import { isObject } from './support.js';

// RFC 9457: the problem's `status` member is the HTTP status it travels with.
export const problemDetails = defineResponseCheck(
  'problem-details',
  'Problem status matches HTTP status',
  when(hasJsonBody, (_ctx, ex) => {
    const r = res(ex);
    if (r.status < 400) return na('not an error response');
    if (!isObject(r.json) || !('status' in r.json)) return { skip: 'no problem status member (see body-schema)' };
    return r.json.status === r.status
      ? []
      : [
          {
            message: `the problem says status ${JSON.stringify(r.json.status)} on an HTTP ${r.status}`,
            documented: r.status,
            received: r.json.status,
            pointer: '/status',
          },
        ];
  }),
);
