// One case (`<create> probe:webhook-tenant`, needs --other-key): this account and the other each
// register an endpoint subscribed to every event a recipe makes happen; the other account makes one
// happen (the first recipe it can drive with its own inputs: the create's required fields only);
// once the other's endpoint has its event (the control), and a quiet spell after, this account's
// endpoint must hold nothing of it (webhook-tenant-isolated).
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import { webhookTenantIsolated } from './check-tenant.js';
import { drive, register, remove, waitOn } from './drive.js';
import type { WebhookOps } from './operations.js';
import { onCreate, runSkip, WAIT, webhookPlan } from './plan.js';
import type { Recipe } from './recipe.js';
import { receiverOf } from './session.js';
import { matching, posts } from './support.js';

export interface TenantParams {
  ops: WebhookOps;
  recipes: Recipe[];
}

const definition = {
  id: 'webhook-tenant',
  title: "Another account's events are not delivered here",
  kind: 'stateful',
  phase: PHASE.webhooks,
  verdicts: [webhookTenantIsolated],
  keys: ['worker', 'other-account'],
  counts: { workerRequests: 4, perSourceIp: true },
} as const;

export const webhookTenantProbe = defineProbe<TenantParams>({
  ...definition,
  plan: (ctx) => {
    const plan = ctx.derive(webhookPlan);
    const drivable = plan.working.filter((r) => !('skip' in r.minimal));
    const skip =
      runSkip(ctx) ??
      plan.skip ??
      (drivable.length ? undefined : "no recipe can be driven by another account: every one needs this account's resources");
    return [
      probeCase(
        definition,
        {
          ...onCreate(ctx, plan),
          responseChecks: false,
          ...(plan.ops && drivable.length ? { params: { ops: plan.ops, recipes: drivable } } : {}),
          ...(skip ? { skip } : {}),
          why: "the other account makes an event happen; this account's endpoint for the same events must not get it",
        },
        ctx,
      ),
    ];
  },
  run: async (env, c) => {
    if (!c.params) return { skip: 'no recipe' };
    const { ops, recipes } = c.params;
    const receiver = await receiverOf(env);
    if ('skip' in receiver) return receiver;
    const events = [...new Set(recipes.map((r) => r.event))];
    const here = await register(env, ops, receiver, events, 'this');
    if ('skip' in here) return here;
    const theirs = await register(env, ops, receiver, events, 'other');
    if ('skip' in theirs) {
      await remove(env, ops, here);
      return { skip: `the other account: ${theirs.skip}` };
    }
    try {
      const refused: string[] = [];
      for (const recipe of recipes) {
        const driven = await drive(env, recipe, 'other');
        if ('skip' in driven) {
          refused.push(driven.skip);
          continue;
        }
        const pointer = recipe.resourcePointer;
        const match = pointer ? { pointer, value: driven.resourceId } : undefined;
        const waitedMs = await waitOn(env, receiver, theirs.path, (ds) => matching(ds, match).length > 0, WAIT.deliveryMs);
        // Whatever would go astray has had as long as the control, and a quiet spell more.
        await env.sleep(WAIT.quietMs);
        return [
          {
            label: 'isolation',
            exchange: driven.cause,
            checks: [webhookTenantIsolated.id],
            evidence: {
              kind: 'webhook-tenant',
              cause: `${driven.description} (${recipe.event})`,
              waitedMs,
              here: posts(receiver.deliveries({ path: here.path })),
              control: matching(posts(receiver.deliveries({ path: theirs.path })), match),
              otherResources: [driven.resourceId],
              ...(pointer ? { pointer } : {}),
            },
          },
        ];
      }
      return { skip: `the other account could make no event happen: ${refused.join('; ')}` };
    } finally {
      await remove(env, ops, here);
      await remove(env, ops, theirs);
    }
  },
});
