// The scope matrix's verdicts: refused without the operation's scope whatever else the key
// holds, admitted with that scope alone (evidence: the scope and what the key held).
import { defineCheck, evidenceOf, hasResponse, res, when } from '../checks/define.js';
import { describeReceived } from '../checks/support.js';
import { statusVerdict } from '../checks/verdict.js';
import type { CheckContext } from '../types.js';

export interface MatrixEvidence {
  scope: string;
  variant: 'without' | 'only';
  held: string[];
}

declare module '../types.js' {
  interface EvidenceKinds {
    /** The scope the operation needs and the scopes the key presented held. */
    'scope-matrix': MatrixEvidence;
  }
}

const scopeIn = (ctx: CheckContext) => evidenceOf(ctx, 'scope-matrix')?.scope ?? ctx.operation.scopes.join(' ');

export const scopeMatrixRefused = statusVerdict(
  'scope-matrix-refused',
  "Every scope but the operation's → 403",
  (ctx) => `a key holding ${evidenceOf(ctx, 'scope-matrix')?.held.length ?? 0} scopes, all but ${scopeIn(ctx)}, was not refused`,
);

export const scopeMatrixAllowed = defineCheck(
  'scope-matrix-allowed',
  "The operation's scope alone is enough",
  when(hasResponse, (ctx, ex) => {
    const { status, json } = res(ex);
    if (String(status) === ctx.expected.status) return [];
    const refused = status === 401 || status === 403 ? ' (refused)' : '';
    const message =
      `a key holding only ${scopeIn(ctx)} got ${describeReceived(status, json)}${refused}; ` +
      `the request documents ${ctx.expected.status}`;
    return [{ message, documented: Number(ctx.expected.status), received: status }];
  }),
);
