import { defineResponseCheck, hasJsonBody, na, res, statusIsExpected, when } from './define.js';
import { isObject, problemCode } from './support.js';

// The machine-readable `code` of an error is exactly the documented example's.
export const errorCode = defineResponseCheck(
  'error-code',
  'The documented error code',
  when(statusIsExpected, hasJsonBody, (ctx, ex) => {
    const want = isObject(ctx.expected.value) ? ctx.expected.value.code : undefined;
    if (typeof want !== 'string') return na('the example documents no error code');
    const got = problemCode(res(ex).json);
    return got === want
      ? []
      : [{ message: `documented code ${want}, received ${got ?? 'no code'}`, documented: want, received: got, pointer: '/code' }];
  }),
);
