import type { FailureInput } from '../types.js';
import { defineResponseCheck, hasResponse, na, res, when } from './define.js';
import { declaredHeaders, documentedResponse, isObject } from './support.js';

// Every response carries a valid X-Request-Id, and an error's body quotes the same id.
export const requestIdHeader = defineResponseCheck(
  'request-id-header',
  'X-Request-Id on every response',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    const declared = declaredHeaders(documentedResponse(ctx, r.status)).get('x-request-id');
    if (!declared) return na(`status ${r.status} declares no X-Request-Id`);
    const value = r.headers['x-request-id'];
    if (value === undefined) return [{ message: 'X-Request-Id is missing', pointer: '/headers/x-request-id' }];
    const out: FailureInput[] = ctx.validator
      .validate(declared.schema, value)
      .map((e) => ({ message: `X-Request-Id ${JSON.stringify(value)} ${e.message}`, received: value, pointer: '/headers/x-request-id' }));
    const bodyId = isObject(r.json) ? r.json.request_id : undefined;
    if (typeof bodyId === 'string' && bodyId !== value)
      out.push({
        message: `the body's request_id ${bodyId} differs from X-Request-Id ${value}`,
        documented: value,
        received: bodyId,
        pointer: '/request_id',
      });
    return out;
  }),
);
