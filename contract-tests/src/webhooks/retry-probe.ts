// One case (`<create> probe:webhook-retry`), on the first event whose delivery case saw it arrive:
// an endpoint that answers its first delivery 500, the event made to happen again, and the second
// attempt waited for (up to WAIT.retryMs; the documented first delay is 5 s, a test server scales
// it down). Judged: the retry is the same message (webhook-retried), and the log lists both attempts
// as the receiver answered them (webhook-log-agrees).
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import { webhookLogAgrees } from './check-log.js';
import { webhookRetried } from './check-retried.js';
import { deliveryCases, settled } from './delivery-probe.js';
import { drive, readLog, register, remove, waitOn } from './drive.js';
import type { WebhookOps } from './operations.js';
import { onCreate, runSkip, WAIT, webhookPlan } from './plan.js';
import type { Recipe } from './recipe.js';
import { receiverOf, sessionOf } from './session.js';
import { matching, posts, webhookIdOf } from './support.js';

export interface RetryParams {
  ops: WebhookOps;
  recipes: Recipe[];
}

/** What the receiver answers the first attempt. */
const REFUSED = 500;

const definition = {
  id: 'webhook-retry',
  title: 'A refused delivery is retried as the same message',
  kind: 'stateful',
  phase: PHASE.webhooks,
  verdicts: [webhookRetried, webhookLogAgrees],
  keys: ['worker'],
  counts: { workerRequests: 30, perSourceIp: true },
} as const;

export const webhookRetryProbe = defineProbe<RetryParams>({
  ...definition,
  plan: (ctx) => {
    const plan = ctx.derive(webhookPlan);
    const first = plan.working[0];
    const skip = runSkip(ctx) ?? plan.skip ?? (first ? undefined : 'no event has a recipe that makes it happen (see webhook-delivery)');
    return [
      probeCase(
        definition,
        {
          ...onCreate(ctx, plan),
          // The first recipe's inputs, so the ids it needs are produced first (plan/index.ts).
          ...(first ? { request: first.create.request } : {}),
          responseChecks: false,
          after: ctx.derive(deliveryCases).map((c) => c.id),
          ...(plan.ops && first ? { params: { ops: plan.ops, recipes: plan.working } } : {}),
          ...(skip ? { skip } : {}),
          why: `an endpoint that answers its first delivery ${REFUSED}, after the delivery cases (it retries an event that works)`,
        },
        ctx,
      ),
    ];
  },
  run: async (env, c) => {
    if (!c.params) return { skip: 'no recipe' };
    const { ops, recipes } = c.params;
    const session = sessionOf(env);
    const recipe = recipes.find((r) => session.delivered.get(r.event) !== false);
    if (!recipe) return { skip: 'no event was delivered in this run (see webhook-delivered): nothing to retry' };
    const receiver = await receiverOf(env);
    if ('skip' in receiver) return receiver;
    const ep = await register(env, ops, receiver, [recipe.event], 'this');
    if ('skip' in ep) return ep;
    receiver.failOnce(ep.path, REFUSED);
    try {
      const driven = await drive(env, recipe, 'this');
      if ('skip' in driven) return driven;
      session.last = driven.cause;
      const match = recipe.resourcePointer ? { pointer: recipe.resourcePointer, value: driven.resourceId } : undefined;
      const ours = () => matching(posts(receiver.deliveries({ path: ep.path })), match);
      await waitOn(env, receiver, ep.path, (ds) => matching(ds, match).length > 0, WAIT.deliveryMs);
      const first = ours()[0];
      if (!first)
        return { skip: `the first ${recipe.event} attempt did not arrive within ${WAIT.deliveryMs / 1000} s (see webhook-delivered)` };
      const sinceFirst = () => Date.now() - first.receivedAt;
      await waitOn(env, receiver, ep.path, (ds) => matching(ds, match).length > 1, Math.max(0, WAIT.retryMs - sinceFirst()));
      const waitedMs = sinceFirst();
      const arrived = ours();
      const eventId = webhookIdOf(first) ?? '';
      const same = arrived.filter((d) => webhookIdOf(d) === eventId);
      const log = eventId
        ? await readLog(env, ops, ep, eventId, (listed) => settled(listed, Math.max(1, same.length)))
        : { error: 'the first attempt has no webhook-id to look up' };
      const ex = log.exchange ?? driven.cause;
      const schedule = env.model.webhookDelivery.retryScheduleSeconds;
      return [
        {
          label: 'retry',
          exchange: driven.cause,
          checks: [webhookRetried.id],
          evidence: {
            kind: 'webhook-retry',
            event: recipe.event,
            secret: ep.secret,
            firstStatus: REFUSED,
            arrived,
            waitedMs,
            maxWaitMs: WAIT.retryMs,
            ...(schedule[0] !== undefined ? { firstDelaySeconds: schedule[0] } : {}),
            ...(log.listed ? { log: log.listed } : {}),
            ...(log.error ? { logError: log.error } : {}),
          },
        },
        {
          label: 'log',
          exchange: ex,
          checks: [webhookLogAgrees.id],
          ...(eventId && ops.log
            ? {}
            : { skip: ops.log ? 'the first attempt has no webhook-id to look up' : 'the spec documents no delivery log' }),
          evidence: {
            kind: 'webhook-log',
            event: recipe.event,
            eventId,
            arrived: same,
            ...(log.listed ? { listed: log.listed } : {}),
            ...(log.error ? { error: log.error } : {}),
          },
        },
      ];
    } finally {
      await remove(env, ops, ep);
    }
  },
});
