import type { Oas3Rule } from '@redocly/openapi-core';
import { pairExamples } from '../tools/example-pairs.js';
import { collectOperation } from './collect-operation.js';
import { reporter } from './conventions.js';

// Every documented response is a test case: its request example of the same name reproduces it.
// The convention itself lives in tools/example-pairs.ts, shared with the contract runner.
const report = reporter('examples-are-test-cases');
/** A JSON Pointer reference token decoded (RFC 6901: ~1 is /, ~0 is ~). */
const decodePointerToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

export const examplePairing: Oas3Rule = () => ({
  Paths: {
    Operation: collectOperation((op, _raw, ctx) => {
      for (const problem of pairExamples(op).problems) {
        const path = problem.pointer.split('/').slice(1).map(decodePointerToken);
        const inOperation = path[0] === 'requestBody' || path[0] === 'parameters';
        report(ctx, `${op.operationId}: ${problem.message}`, ctx.location.child(inOperation ? path : path.slice(0, 2)));
      }
    }),
  },
});
