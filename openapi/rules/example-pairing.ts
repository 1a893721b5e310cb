import { pairExamples } from '../tools/example-pairs.js';
import { collectOperation } from './collect-operation.js';
import type { Rule } from './types.js';

// Every documented response is a test case: its request example of the same name reproduces it
// (DESIGN §6). The convention itself lives in tools/example-pairs.ts, shared with the runner.
export const examplePairing: Rule = () => ({
  Paths: {
    Operation: collectOperation((op, _raw, ctx) => {
      for (const problem of pairExamples(op).problems) {
        const path = problem.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        const inOperation = path[0] === 'requestBody' || path[0] === 'parameters';
        ctx.report({ message: `${op.operationId}: ${problem.message}`, location: inOperation ? ctx.location.child(path) : ctx.location.child(path.slice(0, 2)) });
      }
    }),
  },
});
