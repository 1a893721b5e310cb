import { defineResponseCheck, hasResponse, res, when } from './define.js';
import { describeReceived } from './support.js';

// The documented example's status is the one the server answers.
export const statusCode = defineResponseCheck(
  'status-code',
  'The documented status',
  when(hasResponse, (ctx, ex) => {
    const { status, json } = res(ex);
    if (String(status) === ctx.expected.status) return [];
    return [
      {
        message: `documented ${ctx.expected.status} (example "${ctx.expected.example}"), received ${describeReceived(status, json)}`,
        documented: Number(ctx.expected.status),
        received: status,
      },
    ];
  }),
);
