import { responseExamples } from '../tools/example-pairs.js';
import { collectOperation } from './collect-operation.js';
import { hasHeader, type Rule } from './types.js';

// An operation that takes Idempotency-Key documents the whole contract of DESIGN §5: the replay
// marker on success, 409 for an in-flight duplicate, 422 for a reused key.
export const idempotentOperations: Rule = () => ({
  Paths: {
    Operation: collectOperation((op, _raw, ctx) => {
      const takesKey = op.parameters?.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
      if (!takesKey) return;
      const problems: string[] = [];
      if (String(ctx.key) !== 'post') problems.push('only POST operations take Idempotency-Key');
      const success = Object.entries(op.responses ?? {}).filter(([s]) => /^2/.test(s));
      for (const [status, response] of success) {
        if (!hasHeader(response, 'Idempotent-Replayed')) problems.push(`response ${status} must declare Idempotent-Replayed`);
      }
      const probes = new Set(responseExamples(op).map((e) => `${e.status}:${e.probe}`));
      if (!probes.has('409:idempotency-in-progress')) problems.push('409 must document IDEMPOTENCY_IN_PROGRESS (example with x-contract-probe: idempotency-in-progress)');
      if (!probes.has('422:idempotency-key-reused')) problems.push('422 must document IDEMPOTENCY_KEY_REUSED (example with x-contract-probe: idempotency-key-reused)');
      for (const p of problems) ctx.report({ message: `Idempotent operation ${op.operationId}: ${p}.`, location: ctx.location.key() });
    }),
  },
});
