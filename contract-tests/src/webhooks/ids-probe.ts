// One case (`<create> probe:webhook-ids`), after every other webhook case: over every delivery the
// run's receiver got, distinct events carry distinct `webhook-id`s (webhook-ids-unique).
import { PHASE } from '../plan/phases.js';
import { defineProbe, type PlanContext, probeCase } from '../probes/define.js';
import { webhookIdsUnique } from './check-ids-unique.js';
import { onCreate, runSkip, webhookPlan } from './plan.js';
import { sessionOf, startedReceiver } from './session.js';
import { posts } from './support.js';

const definition = {
  id: 'webhook-ids',
  title: 'Distinct events have distinct webhook ids',
  kind: 'stateful',
  phase: PHASE.webhooks,
  verdicts: [webhookIdsUnique],
  keys: ['worker'],
  counts: { workerRequests: 0, perSourceIp: false },
} as const;

/** The webhook cases this one waits for: every other webhook probe's (registered in probes.ts). */
export const webhookIdsProbe = (others: readonly { plan(ctx: PlanContext): { id: string }[] }[]) =>
  defineProbe({
    ...definition,
    plan: (ctx) => {
      const plan = ctx.derive(webhookPlan);
      const skip = runSkip(ctx) ?? plan.skip ?? (plan.working.length ? undefined : 'no event has a recipe that makes it happen');
      return [
        probeCase(
          definition,
          {
            ...onCreate(ctx, plan),
            responseChecks: false,
            after: others.flatMap((p) => p.plan(ctx).map((c) => c.id)),
            ...(skip ? { skip } : {}),
            why: 'every delivery of the run, once the other webhook cases are done',
          },
          ctx,
        ),
      ];
    },
    run: async (env) => {
      const receiver = await startedReceiver(env);
      const last = sessionOf(env).last;
      if (!receiver || !last) return { skip: 'no webhook case made an event happen in this run' };
      return [
        {
          label: 'run',
          exchange: last,
          checks: [webhookIdsUnique.id],
          evidence: { kind: 'webhook-ids', deliveries: posts(receiver.deliveries()) },
        },
      ];
    },
  });
