// The scope matrix (ARCHITECTURE.md §2, every operation, not a sample): the operation's safe request with
// a key holding every scope but the one it needs (refused), and with a key holding only that one
// (let through to the documented answer).
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import { inputsOf, isSkip, keyOrSkip, scopeOf, single } from '../probes/support.js';
import { type MatrixVariant, matrixKey } from './matrix-keys.js';
import { scopeMatrixAllowed, scopeMatrixRefused } from './scope-matrix-checks.js';
import { scopeMatrixTargets } from './targets.js';

const definition = {
  id: 'scope-matrix',
  title: 'Every operation against its scope',
  kind: 'stateful',
  phase: PHASE.main,
  verdicts: [scopeMatrixRefused, scopeMatrixAllowed],
  keys: ['narrow-scopes'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const scopeMatrix = defineProbe({
  ...definition,
  plan: (ctx) =>
    scopeMatrixTargets(ctx.spec, ctx.ops, ctx.known).flatMap((t) => {
      const common = { so: t.so, request: t.pair.request };
      return [
        probeCase(
          definition,
          {
            ...common,
            variant: 'without',
            expected: t.refused ?? t.pair.response,
            verdicts: [scopeMatrixRefused.id],
            why: `the "${t.pair.name}" request with a key holding every scope but ${t.scope}`,
            ...(t.refused
              ? t.skip
                ? { skip: t.skip }
                : {}
              : { skip: t.skip ?? `${t.so.operationId} documents no insufficient-scope refusal` }),
          },
          ctx,
        ),
        probeCase(
          definition,
          {
            ...common,
            variant: 'only',
            expected: t.pair.response,
            verdicts: [scopeMatrixAllowed.id],
            why: `the "${t.pair.name}" request with a key holding ${t.scope} alone`,
            ...(t.skip ? { skip: t.skip } : {}),
          },
          ctx,
        ),
      ];
    }),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const scope = scopeOf(so, env.model);
    if (!scope) return { skip: `${c.operationId} requires no scope` };
    const variant: MatrixVariant = c.variant === 'only' ? 'only' : 'without';
    const key = await keyOrSkip(matrixKey(env, scope, variant));
    if (isSkip(key)) return key;
    const inputs = inputsOf(env, c);
    return single(await env.exchange(so, inputs, presentedBy(key)), inputs, { kind: 'scope-matrix', scope, variant, held: key.scopes });
  },
});
