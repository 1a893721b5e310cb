// Examples the spec marks `x-contract-probe: unreproducible` (a 500, a 503 from an unavailable
// store): listed in every report as skipped with why, so coverage shows them, never sent. Every such
// example of an operation is listed; the first keeps the plain case id, later ones add their status.
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';

const definition = {
  id: 'unreproducible',
  title: 'Documented, cannot be provoked from outside',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [],
  keys: [],
  counts: { workerRequests: 0, perSourceIp: false },
} as const;

export const unreproducible = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) =>
      f.contract.probes
        .filter((e) => e.probe === 'unreproducible')
        .flatMap((e, i) =>
          documentedCase(definition, ctx, f, e, {
            verdicts: [],
            ...(i > 0 ? { variant: e.status } : {}),
            skip: `x-contract-probe: unreproducible (${e.status} cannot be provoked from outside)`,
          }),
        ),
    ),
  run: async (_env, c) => ({ skip: c.skip ?? 'cannot be provoked from outside' }),
});
