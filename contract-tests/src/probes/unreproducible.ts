// Examples the spec marks `x-contract-probe: unreproducible` (a 500, an upstream failure): listed in
// every report as skipped with why, so coverage shows them, never sent.
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
    ctx.derive(operationFacts).flatMap((f) => {
      const e = f.probeExample.get('unreproducible');
      return e
        ? documentedCase(definition, ctx, f, e, {
            verdicts: [],
            skip: `x-contract-probe: unreproducible (${e.status} cannot be provoked from outside)`,
          })
        : [];
    }),
  run: async (_env, c) => ({ skip: c.skip ?? 'cannot be provoked from outside' }),
});
