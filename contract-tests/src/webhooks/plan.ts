// What the webhook probes plan from, derived once per plan (ctx.derive): the endpoint operations
// and a recipe (or the reason there is none) per event of the model. Every webhook case runs in
// PHASE.webhooks, after the documented examples and the stateful properties, on endpoints of its own.
import type { ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import type { PlanContext } from '../probes/define.js';
import { type WebhookOps, webhookOps } from './operations.js';
import { hasRecipe, type NoRecipe, type Recipe, recipeFor } from './recipe.js';

/** How long a case waits for a delivery, for a retry, and for silence. */
export const WAIT = { deliveryMs: 10_000, retryMs: 15_000, quietMs: 3_000 } as const;

export interface WebhookPlan {
  ops?: WebhookOps;
  /** Why no webhook case can run (no endpoint operations), when so. */
  skip?: string;
  recipes: (Recipe | NoRecipe)[];
  /** The events a recipe can make happen, in the model's order. */
  working: Recipe[];
}

export function webhookPlan(ctx: PlanContext): WebhookPlan {
  const ops = webhookOps(ctx.spec, ctx.model, ctx.ops);
  const recipes = ctx.model.webhooks.map((e) => recipeFor(ctx.spec, ctx.model, e, ctx.known, ctx.examples));
  const working = recipes.filter(hasRecipe);
  return 'skip' in ops ? { skip: ops.skip, recipes, working } : { ops, recipes, working };
}

/** Why the run checks no deliveries at all: a stateless mock, or --no-webhooks. */
export function runSkip(ctx: PlanContext): string | undefined {
  if (ctx.options.profile === 'mock') return '--profile mock: a stateless mock delivers no webhooks';
  if (!ctx.options.webhooks) return '--no-webhooks: webhook deliveries are not checked in this run';
  return undefined;
}

export const operationOf = (ctx: PlanContext, operationId: string): SpecOperation => {
  const so = ctx.ops.find((o) => o.operationId === operationId);
  if (!so) throw new Error(`unknown operation ${operationId}`);
  return so;
};

export const NO_REQUEST: ExampleRequest = { name: 'default', path: {}, query: {}, header: {} };

/** A case on the endpoint create: what it expects and sends (its documented registration). */
export function onCreate(ctx: PlanContext, plan: WebhookPlan) {
  const so = plan.ops ? operationOf(ctx, plan.ops.create) : ctx.ops[0]!;
  return {
    so,
    expected: plan.ops ? { status: plan.ops.createStatus, example: plan.ops.createExample } : { status: '201', example: 'default' },
    request: plan.ops?.createRequest ?? NO_REQUEST,
  };
}
