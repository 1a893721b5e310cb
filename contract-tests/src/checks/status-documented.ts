import { defineResponseCheck, hasResponse, res, when } from './define.js';
import { describeReceived, documentedResponse } from './support.js';

// Whatever the server answers, the operation documents that status.
export const statusDocumented = defineResponseCheck(
  'status-documented',
  'Only documented statuses',
  when(hasResponse, (ctx, ex) => {
    const { status, json } = res(ex);
    if (documentedResponse(ctx, status)) return [];
    const documented = Object.keys(ctx.operation.op.responses ?? {});
    return [
      {
        message: `${ctx.operation.operationId} does not document ${describeReceived(status, json)} (documented: ${documented.join(', ')})`,
        documented,
        received: status,
      },
    ];
  }),
);
