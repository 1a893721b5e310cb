// One case (`<create> probe:webhook-secret`): the signing secret is shown by create only, never by
// the endpoint's read or list (also after rotation); rotation answers a new secret, and the test
// event sent after it verifies with the new secret and not with the old (webhook-secret-not-readable,
// webhook-signature-valid under the new secret). The endpoint subscribes to the event no recipe makes
// happen when there is one, so only the test event reaches it.

import { isObject } from '../checks/support.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import type { RunEnv } from '../run-env.js';
import { is2xx, received } from '../stateful/requests.js';
import type { Exchange, Json } from '../types.js';
import { webhookSecretNotReadable } from './check-secret.js';
import { webhookSignatureValid } from './check-signature.js';
import type { Delivery } from './delivery.js';
import { deliveryCases } from './delivery-probe.js';
import { call, type Endpoint, register, remove, waitOn } from './drive.js';
import type { WebhookOps } from './operations.js';
import { onCreate, runSkip, WAIT, webhookPlan } from './plan.js';
import { receiverOf, sessionOf } from './session.js';
import { posts, webhookIdOf } from './support.js';

export interface SecretParams {
  ops: WebhookOps;
  /** The event the endpoint subscribes to and the test event's type. */
  event: string;
}

const definition = {
  id: 'webhook-secret',
  title: 'The signing secret is shown once and rotates',
  kind: 'stateful',
  phase: PHASE.webhooks,
  verdicts: [webhookSecretNotReadable, webhookSignatureValid],
  keys: ['worker'],
  counts: { workerRequests: 16, perSourceIp: true },
} as const;

/** The list pages read looking for the endpoint. */
const MAX_PAGES = 5;

export const webhookSecretProbe = defineProbe<SecretParams>({
  ...definition,
  plan: (ctx) => {
    const plan = ctx.derive(webhookPlan);
    const quiet = plan.recipes.find((r) => 'skip' in r)?.event ?? ctx.model.webhooks[0]?.name;
    const skip = runSkip(ctx) ?? plan.skip ?? (quiet ? undefined : 'no webhook event');
    return [
      probeCase(
        definition,
        {
          ...onCreate(ctx, plan),
          responseChecks: false,
          // After the delivery cases: the run's other deliveries are in when its test event is.
          after: ctx.derive(deliveryCases).map((c) => c.id),
          ...(plan.ops && quiet ? { params: { ops: plan.ops, event: quiet } } : {}),
          ...(skip ? { skip } : {}),
          why: 'the endpoint read and listed after create and after rotation; a test event after rotation',
        },
        ctx,
      ),
    ];
  },
  run: async (env, c) => {
    if (!c.params) return { skip: 'no endpoint operations' };
    const { ops, event } = c.params;
    const receiver = await receiverOf(env);
    if ('skip' in receiver) return receiver;
    const ep = await register(env, ops, receiver, [event], 'this');
    if ('skip' in ep) return ep;
    try {
      const reads = await readsOf(env, ops, ep, 'after create');
      const rotation = ops.rotate ? await rotate(env, ops, ep, ops.rotate) : undefined;
      if (rotation?.newSecret) reads.push(...(await readsOf(env, ops, ep, `after ${ops.rotate}`)));
      let tested: { exchange: Exchange; delivery?: Delivery } | undefined;
      if (rotation?.newSecret && ops.test) {
        const sentAt = Date.now();
        const exchange = await call(
          env,
          ops.test.operationId,
          { path: { [ops.idParam]: ep.id }, body: { [ops.test.field]: event } },
          'this',
        );
        sessionOf(env).last = exchange;
        const json = exchange.response?.json;
        const eventId = isObject(json) && typeof json.event_id === 'string' ? json.event_id : undefined;
        // The test event's own id when the answer names it; else the first POST after it was sent.
        const mine = (ds: Delivery[]) => ds.filter((d) => (eventId ? webhookIdOf(d) === eventId : d.receivedAt >= sentAt));
        if (is2xx(exchange)) await waitOn(env, receiver, ep.path, (ds) => mine(ds).length > 0, WAIT.deliveryMs);
        const fallback = posts(receiver.deliveries({ path: ep.path })).filter((d) => d.receivedAt >= sentAt);
        const delivery = mine(posts(receiver.deliveries({ path: ep.path })))[0] ?? fallback[0];
        tested = { exchange, ...(delivery ? { delivery } : {}) };
      }
      const testedWith = ops.test ? `${ops.test.operationId} event` : 'next delivery';
      return [
        {
          label: 'secret',
          exchange: rotation?.exchange ?? ep.created,
          checks: [webhookSecretNotReadable.id],
          evidence: {
            kind: 'webhook-secret',
            field: ops.secretField,
            secret: ep.secret,
            reads,
            ...(rotation && ops.rotate
              ? {
                  rotation: {
                    operationId: ops.rotate,
                    testedWith,
                    ...(rotation.newSecret ? { newSecret: rotation.newSecret } : { error: rotation.error }),
                    ...(tested?.delivery ? { delivery: tested.delivery } : {}),
                  },
                }
              : {}),
          },
        },
        tested && rotation?.newSecret
          ? {
              label: 'signature (rotated secret)',
              exchange: tested.exchange,
              checks: [webhookSignatureValid.id],
              evidence: {
                kind: 'webhook-signature',
                secret: rotation.newSecret,
                secretFrom: ops.rotate ?? ops.create,
                ...(tested.delivery ? { delivery: tested.delivery } : {}),
              },
            }
          : {
              label: 'signature (rotated secret)',
              checks: [webhookSignatureValid.id],
              skip: ops.rotate && ops.test ? 'the secret was not rotated' : 'the spec documents no secret rotation or test event',
            },
      ];
    } finally {
      await remove(env, ops, ep);
    }
  },
});

/** The endpoint's read, and the list pages up to the one that shows it: their raw bodies. */
async function readsOf(env: RunEnv, ops: WebhookOps, ep: Endpoint, when: string): Promise<{ label: string; text: string }[]> {
  const out: { label: string; text: string }[] = [];
  const read = await call(env, ops.read, { path: { [ops.idParam]: ep.id } }, 'this');
  out.push({ label: `${ops.read} ${when} (${read.response?.status ?? 'no answer'})`, text: read.response?.text ?? '' });
  if (!ops.list) return out;
  const paging = env.model.operation(ops.list).pagination;
  let query: Json = paging ? { [paging.limit.name]: paging.limit.max } : {};
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = await call(env, ops.list, { query }, 'this');
    out.push({ label: `${ops.list} page ${page} ${when} (${list.response?.status ?? 'no answer'})`, text: list.response?.text ?? '' });
    const json = list.response?.json;
    if (!isObject(json) || !Array.isArray(json.data) || json.data.some((i) => isObject(i) && i.id === ep.id)) break;
    if (!paging || json.has_more !== true || typeof json.next_cursor !== 'string') break;
    query = { ...query, [paging.cursor]: json.next_cursor };
  }
  return out;
}

async function rotate(
  env: RunEnv,
  ops: WebhookOps,
  ep: Endpoint,
  operationId: string,
): Promise<{ exchange: Exchange; newSecret?: string; error?: string }> {
  const exchange = await call(env, operationId, { path: { [ops.idParam]: ep.id } }, 'this');
  const json = exchange.response?.json;
  const secret = isObject(json) ? json[ops.secretField] : undefined;
  if (!is2xx(exchange) || typeof secret !== 'string') return { exchange, error: received(exchange) };
  env.secrets.set(secret, '$WEBHOOK_SIGNING_SECRET');
  return { exchange, newSecret: secret };
}
