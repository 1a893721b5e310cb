import type { Oas3Rule } from '@redocly/openapi-core';
import { responseExamples } from '../tools/example-pairs.js';
import { collectOperation } from './collect-operation.js';
import { reporter } from './conventions.js';
import { hasHeader } from './helpers.js';

// An operation that takes Idempotency-Key documents the whole idempotency contract: the replay
// marker on success, 409 for an in-flight duplicate, 422 for a reused key.
const report = reporter('idempotency');
// The answers only a runner probe can reproduce: [status, error code, probe id].
const DOCUMENTED = [
  ['409', 'IDEMPOTENCY_IN_PROGRESS', 'idempotency-in-progress'],
  ['422', 'IDEMPOTENCY_KEY_REUSED', 'idempotency-key-reused'],
] as const;
const takesKey = (p: Record<string, unknown>) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key';

export const idempotentOperations: Oas3Rule = () => ({
  Paths: {
    Operation: collectOperation((op, _raw, ctx) => {
      if (!op.parameters?.some(takesKey)) return;
      const problems: string[] = [];
      if (String(ctx.key) !== 'post') problems.push('only POST operations take Idempotency-Key');
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const success = /^2/.test(status);
        if (success && !hasHeader(response, 'Idempotent-Replayed')) problems.push(`response ${status} must declare Idempotent-Replayed`);
      }
      const probes = new Set(responseExamples(op).map((e) => `${e.status}:${e.probe}`));
      for (const [status, code, probe] of DOCUMENTED) {
        if (!probes.has(`${status}:${probe}`)) problems.push(`${status} must document ${code} (example with x-contract-probe: ${probe})`);
      }
      for (const p of problems) report(ctx, `Idempotent operation ${op.operationId}: ${p}.`, ctx.location.key());
    }),
  },
});
