import { defineResponseCheck } from './define.js';

// A response arrived in time, whole, within the size cap: hangs, resets and floods fail here.
export const responseReceived = defineResponseCheck('response-received', 'A complete response arrives in time', (_ctx, ex) => {
  if (ex.error?.kind === 'aborted') return { skip: 'the run was interrupted' };
  return ex.error ? [{ message: `${ex.error.kind}: ${ex.error.message}`, received: ex.error.kind }] : [];
});
