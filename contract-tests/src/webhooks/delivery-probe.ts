// One case per webhook event (`<create> probe:webhook-delivery:<event>`): an endpoint of its own on
// the receiver, subscribed to that event; the event made to happen by its recipe; the delivery
// waited for (bounded), then judged: it arrived, is signed with the endpoint's secret, is fresh, is
// the documented payload, and the server's delivery log says what arrived. The endpoint is deleted
// after. An event no recipe makes happen is skipped with why.

import { PHASE } from '../plan/phases.js';
import { defineProbe, type PlanContext, probeCase } from '../probes/define.js';
import type { Observation } from '../probes/types.js';
import type { RunEnv } from '../run-env.js';
import type { PlannedCase } from '../types.js';
import { webhookDelivered } from './check-delivered.js';
import { webhookLogAgrees } from './check-log.js';
import { webhookPayloadValid } from './check-payload.js';
import { webhookSignatureValid } from './check-signature.js';
import { webhookTimestampFresh } from './check-timestamp.js';
import { drive, readLog, register, remove, waitOn } from './drive.js';
import type { WebhookOps } from './operations.js';
import { NO_REQUEST, onCreate, operationOf, runSkip, WAIT, webhookPlan } from './plan.js';
import { hasRecipe, type Recipe } from './recipe.js';
import { receiverOf, sessionOf } from './session.js';
import { matching, posts, webhookIdOf } from './support.js';

export interface DeliveryParams {
  ops: WebhookOps;
  recipe: Recipe;
}

const definition = {
  id: 'webhook-delivery',
  title: 'Each event is delivered, signed, fresh and as documented',
  kind: 'stateful',
  phase: PHASE.webhooks,
  verdicts: [webhookDelivered, webhookSignatureValid, webhookTimestampFresh, webhookPayloadValid, webhookLogAgrees],
  keys: ['worker'],
  counts: { workerRequests: 16, perSourceIp: true },
} as const;

/** The delivery cases, one per event of the model (other webhook probes wait for them). */
export function deliveryCases(ctx: PlanContext): PlannedCase<DeliveryParams>[] {
  const plan = ctx.derive(webhookPlan);
  return ctx.model.webhooks.map((event, i) => {
    const recipe = plan.recipes[i]!;
    const skip = runSkip(ctx) ?? plan.skip ?? ('skip' in recipe ? recipe.skip : undefined);
    const why = `an endpoint of its own subscribed to ${event.name}, the event made to happen, its delivery judged`;
    if (!hasRecipe(recipe) || !plan.ops) {
      // Named after the operation that would emit it, like the cases that run.
      const on = onCreate(ctx, plan);
      const so = event.emittedBy[0] ? operationOf(ctx, event.emittedBy[0]) : on.so;
      // Reported once, under webhook-delivered, with the reason.
      const verdicts = [webhookDelivered.id];
      return probeCase(
        definition,
        { ...on, so, request: NO_REQUEST, variant: event.name, verdicts, responseChecks: false, skip, why },
        ctx,
      );
    }
    return probeCase(
      definition,
      {
        so: operationOf(ctx, recipe.create.operationId),
        variant: event.name,
        expected: { status: recipe.create.status, example: recipe.create.example },
        request: recipe.create.request,
        responseChecks: false,
        params: { ops: plan.ops, recipe },
        // The chain's steps use resources the documented examples make (a contact): after them, also under --only.
        after: ctx.examples.filter((c) => c.produces.some((id) => recipe.needs.includes(id))).map((c) => c.id),
        ...(skip ? { skip, verdicts: [webhookDelivered.id] } : {}),
        why,
      },
      ctx,
    );
  });
}

export const webhookDeliveryProbe = defineProbe<DeliveryParams>({
  ...definition,
  plan: (ctx) => ctx.derive(deliveryCases),
  run: async (env, c) => {
    if (!c.params) return { skip: 'no recipe' };
    const { ops, recipe } = c.params;
    const receiver = await receiverOf(env);
    if ('skip' in receiver) return receiver;
    const ep = await register(env, ops, receiver, [recipe.event], 'this');
    if ('skip' in ep) return ep;
    const session = sessionOf(env);
    try {
      const driven = await drive(env, recipe, 'this');
      if ('skip' in driven) return driven;
      session.last = driven.cause;
      const match = recipe.resourcePointer ? { pointer: recipe.resourcePointer, value: driven.resourceId } : undefined;
      const waitedMs = await waitOn(env, receiver, ep.path, (ds) => matching(ds, match).length > 0, WAIT.deliveryMs);
      const arrived = posts(receiver.deliveries({ path: ep.path }));
      const ours = matching(arrived, match);
      const first = ours[0];
      session.delivered.set(recipe.event, first !== undefined);
      const delivery = first ? { delivery: first } : {};
      const ex = driven.cause;
      const out: Observation[] = [
        {
          label: 'delivered',
          exchange: ex,
          checks: [webhookDelivered.id],
          evidence: {
            kind: 'webhook-delivered',
            event: recipe.event,
            cause: driven.description,
            waitedMs,
            arrived,
            ...(match ? { match } : {}),
          },
        },
        {
          label: 'signature',
          exchange: ex,
          checks: [webhookSignatureValid.id],
          evidence: { kind: 'webhook-signature', secret: ep.secret, secretFrom: ops.create, ...delivery },
        },
        {
          label: 'timestamp',
          exchange: ex,
          checks: [webhookTimestampFresh.id],
          evidence: { kind: 'webhook-timestamp', toleranceSeconds: env.model.webhookDelivery.toleranceSeconds, ...delivery },
        },
        {
          label: 'payload',
          exchange: ex,
          checks: [webhookPayloadValid.id],
          evidence: {
            kind: 'webhook-payload',
            event: recipe.event,
            webhookOperationId: recipe.webhookOperationId,
            schema: eventSchemaOf(env, recipe),
            ...delivery,
          },
        },
      ];
      const eventId = first && webhookIdOf(first);
      if (!eventId) {
        out.push({
          label: 'log',
          checks: [webhookLogAgrees.id],
          skip: first ? 'the delivery has no webhook-id to look up' : 'no delivery arrived (see webhook-delivered)',
        });
        return out;
      }
      const attempts = ours.filter((d) => webhookIdOf(d) === eventId);
      const log = await readLog(env, ops, ep, eventId, (listed) => settled(listed, attempts.length));
      out.push({
        label: 'log',
        exchange: log.exchange ?? ex,
        checks: [webhookLogAgrees.id],
        ...(ops.log ? {} : { skip: 'the spec documents no delivery log' }),
        evidence: {
          kind: 'webhook-log',
          event: recipe.event,
          eventId,
          arrived: attempts,
          ...(log.listed ? { listed: log.listed } : {}),
          ...(log.error ? { error: log.error } : {}),
        },
      });
      return out;
    } finally {
      await remove(env, ops, ep);
    }
  },
});

/** Attempts 1‥n are all logged and none is still pending. */
export const settled = (listed: { attempt?: unknown; status?: unknown }[], n: number): boolean =>
  Array.from({ length: n }, (_, i) => listed.find((a) => a.attempt === i + 1)).every((a) => a !== undefined && a.status !== 'pending');

const eventSchemaOf = (env: RunEnv, recipe: Recipe): unknown => {
  const event = env.model.webhooks.find((w) => w.name === recipe.event);
  return event?.payloadSchema;
};
