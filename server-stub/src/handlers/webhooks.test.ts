import { describe, expect, it } from 'vitest';
import { listOperations } from '../../../openapi/tools/spec.js';
import { thrown, validateComponent } from '../testing/assert.js';
import { type Scenario, spec } from '../testing/examples.js';
import { scenarioTests } from '../testing/tables.js';
import { input, World } from '../testing/world.js';
import { DEFAULT_TOLERANCE_SECONDS, signDelivery, verifyDelivery } from '../webhooks/signature.js';
import { recordEvent, recordedEvents, webhookHandlers } from './webhooks.js';

const OPS = [
  'createWebhook',
  'getWebhook',
  'listWebhooks',
  'updateWebhook',
  'deleteWebhook',
  'rotateWebhookSecret',
  'sendWebhookTestEvent',
  'listWebhookDeliveries',
  'redeliverWebhookDelivery',
];

// given: the example pairs replayed in order on a fresh account; want: each answer as documented.
const table: Scenario[] = [
  { given: 'an endpoint, read', steps: ['createWebhook:create-endpoint', 'getWebhook:endpoint'] },
  { given: 'an endpoint, listed', steps: ['createWebhook:create-endpoint', 'listWebhooks:webhooks-page'] },
  { given: 'the same URL twice', steps: ['createWebhook:create-endpoint', 'createWebhook:conflict'] },
  { given: 'an endpoint, its events updated', steps: ['createWebhook:create-endpoint', 'updateWebhook:update-events'] },
  { given: 'an endpoint, deleted', steps: ['createWebhook:create-endpoint', 'deleteWebhook:deleted'] },
  { given: 'a URL that is not HTTPS', steps: ['createWebhook:validation-error'] },
  { given: 'an unknown event type', steps: ['updateWebhook:validation-error'] },
  { given: 'a page size above 100', steps: ['listWebhooks:validation-error'] },
  {
    given: 'an unknown endpoint: read, update, delete',
    steps: ['getWebhook:not-found', 'updateWebhook:not-found', 'deleteWebhook:not-found'],
  },
  {
    given: 'an endpoint, updated, its secret rotated',
    steps: ['createWebhook:create-endpoint', 'updateWebhook:update-events', 'rotateWebhookSecret:rotate-secret'],
  },
  { given: 'an endpoint without deliveries, its log', steps: ['createWebhook:create-endpoint', 'listWebhookDeliveries:deliveries-page'] },
  { given: 'a log page size above 100', steps: ['createWebhook:create-endpoint', 'listWebhookDeliveries:validation-error'] },
  {
    given: 'a test event, then redelivered',
    steps: ['createWebhook:create-endpoint', 'sendWebhookTestEvent:send-test-event', 'redeliverWebhookDelivery:redeliver'],
  },
  {
    given: 'a test event of a type that is not an event',
    steps: ['createWebhook:create-endpoint', 'sendWebhookTestEvent:validation-error'],
  },
  {
    given: 'an unknown endpoint or attempt: rotate, test, log, redeliver',
    steps: [
      'rotateWebhookSecret:not-found',
      'sendWebhookTestEvent:not-found',
      'listWebhookDeliveries:not-found',
      'redeliverWebhookDelivery:not-found',
    ],
  },
];

describe('Webhooks: documented example pairs', () => {
  scenarioTests(OPS, table);
});

const create = async (world: World, body: { url: string; events: string[]; description?: string }, accountId?: string) =>
  (await webhookHandlers.createWebhook(input({ body }), world.ctx({ account: accountId }))).body;
const update = async (world: World, webhook_id: string, body: Record<string, unknown>) =>
  (await webhookHandlers.updateWebhook(input({ path: { webhook_id }, body }), world.ctx())).body;
const remove = (world: World, webhook_id: string) => webhookHandlers.deleteWebhook(input({ path: { webhook_id } }), world.ctx());

describe('Webhooks: endpoints', () => {
  it('returns the signing secret on create only, and keeps it (unchanged) for signing', async () => {
    const world = new World();
    const created = await create(world, { url: 'https://hooks.acme.example/a', events: ['call.completed'] });
    expect(created.signing_secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const id = created.id;
    const answers = [
      (await webhookHandlers.getWebhook(input({ path: { webhook_id: id } }), world.ctx())).body,
      (await webhookHandlers.listWebhooks(input(), world.ctx())).body.data[0],
      await update(world, id, { status: 'disabled' }),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(created.signing_secret);
    const stored = world.stores.resources.get<Record<string, unknown>>(world.account().id, 'webhook_endpoint', id)!;
    expect(stored._signing_secret).toBe(created.signing_secret);
  });

  // given: a second URL after https://hooks.acme.example/parley; want: created or 409.
  const urls = [
    { given: 'https://hooks.acme.example/parley', want: 'CONFLICT' },
    { given: 'HTTPS://HOOKS.ACME.EXAMPLE/parley', want: 'CONFLICT' },
    { given: 'https://hooks.acme.example:443/parley', want: 'CONFLICT' },
    { given: 'https://hooks.acme.example/Parley', want: 'created' },
    { given: 'https://hooks.acme.example/parley?env=staging', want: 'created' },
  ];
  it.each(urls)('$given → $want', async ({ given, want }) => {
    const world = new World();
    await create(world, { url: 'https://hooks.acme.example/parley', events: ['call.completed'] });
    if (want === 'created') expect((await create(world, { url: given, events: ['call.failed'] })).url).toBe(given);
    else expect((await thrown(() => create(world, { url: given, events: ['call.failed'] }))).code).toBe(want);
  });

  it('URLs are unique per account, not across accounts', async () => {
    const world = new World();
    const other = world.addAccount();
    await create(world, { url: 'https://hooks.acme.example/parley', events: ['call.completed'] });
    expect((await create(world, { url: 'https://hooks.acme.example/parley', events: ['call.completed'] }, other)).url).toBeDefined();
  });

  // given: a URL the schema would refuse, sent straight to the handler; want: 422 on body.url.
  it.each(['http://hooks.acme.example/parley', 'ftp://hooks.acme.example', 'not a url'])('the handler itself refuses %s', async (url) => {
    const world = new World();
    const err = await thrown(() => create(world, { url, events: ['call.completed'] }));
    expect([err.code, err.extra.errors?.[0].field]).toEqual(['VALIDATION_ERROR', 'body.url']);
  });

  it('an update changes only the fields sent, and needs one', async () => {
    const world = new World();
    const created = await create(world, { url: 'https://hooks.acme.example/a', events: ['call.completed'], description: 'CRM' });
    world.advance(60_000);
    const updated = await update(world, created.id, { status: 'disabled' });
    expect(updated).toMatchObject({ events: ['call.completed'], description: 'CRM', status: 'disabled', created_at: created.created_at });
    expect(updated.updated_at).not.toBe(created.updated_at);
    expect(await update(world, created.id, { description: null })).toMatchObject({ description: null, status: 'disabled' });
    expect((await thrown(() => update(world, created.id, {}))).code).toBe('VALIDATION_ERROR');
  });

  it('a deleted endpoint is gone: 404 on the second delete', async () => {
    const world = new World();
    const created = await create(world, { url: 'https://hooks.acme.example/a', events: ['call.completed'] });
    expect((await remove(world, created.id)).body).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect((await thrown(() => remove(world, created.id))).code).toBe('NOT_FOUND');
  });

  it('lists filter by status', async () => {
    const world = new World();
    const a = await create(world, { url: 'https://hooks.acme.example/a', events: ['call.completed'] });
    await create(world, { url: 'https://hooks.acme.example/b', events: ['call.completed'] });
    await update(world, a.id, { status: 'disabled' });
    const page = (await webhookHandlers.listWebhooks(input({ query: { status: 'disabled' } }), world.ctx())).body;
    expect(page.data.map((e) => e.url)).toEqual(['https://hooks.acme.example/a']);
  });
});

// The spec's event examples and their documented signatures (createWebhook example's secret).
const EXAMPLE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const eventExamples = listOperations(spec, { webhooks: true })
  .filter((o) => o.webhook)
  .map((o) => {
    const media = o.op.requestBody!.content['application/json'];
    const [name, example] = Object.entries(media.examples)[0] as [string, { value: any }];
    const header = (h: string) => o.op.parameters!.find((p) => p.name === h)!.examples[name].value as string;
    const schema = (media.schema.$ref as string).split('/').pop()!;
    return {
      type: o.webhook!,
      body: example.value,
      id: header('webhook-id'),
      timestamp: Number(header('webhook-timestamp')),
      signature: header('webhook-signature'),
      schema,
    };
  });

describe('Webhooks: signatures', () => {
  it('covers the five documented events', () => {
    expect(eventExamples.map((e) => e.type).sort()).toEqual([
      'call.completed',
      'call.failed',
      'campaign.completed',
      'message.delivered',
      'message.failed',
    ]);
  });

  it.each(eventExamples)('$type: signDelivery reproduces the documented webhook-signature', ({ body, id, timestamp, signature }) => {
    expect(id).toBe(body.id);
    expect(signDelivery(EXAMPLE_SECRET, id, timestamp, JSON.stringify(body))).toBe(signature);
  });

  it.each(eventExamples)(
    '$type: a sent event has the envelope of its schema and is queued for the endpoint, signed at each attempt',
    async ({ type, body, schema }) => {
      const world = new World();
      const endpoint = await create(world, { url: 'https://hooks.acme.example/parley', events: [type] });
      const [event] = recordEvent(world.stores, world.account().id, type, body.data.object, world.now);
      const { _delivery, ...envelope } = event;
      expect(validateComponent(schema, envelope)).toEqual([]);
      expect(envelope.id).not.toBe(body.id);
      expect(_delivery).toMatchObject({ webhook_endpoint_id: endpoint.id, body: JSON.stringify(envelope) });
      expect(world.stores.deliveries.getAttempt(world.account().id, _delivery.attempt_id)).toMatchObject({
        endpointId: endpoint.id,
        url: endpoint.url,
        eventId: envelope.id,
        eventType: type,
        body: _delivery.body,
        attempt: 1,
        status: 'pending',
      });
      expect(recordedEvents(world.stores, world.account().id)).toEqual([event]); // persisted
    },
  );

  // given: a change to a genuine delivery; want: verification fails.
  const tampering = [
    { given: 'another secret', secret: `whsec_${'A'.repeat(32)}`, body: (b: string) => b, late: 0 },
    { given: 'a changed body', secret: undefined, body: (b: string) => b.replace('"delivered"', '"failed"'), late: 0 },
    {
      given: `more than ${DEFAULT_TOLERANCE_SECONDS} s later`,
      secret: undefined,
      body: (b: string) => b,
      late: DEFAULT_TOLERANCE_SECONDS + 1,
    },
  ];
  it.each(tampering)('$given → rejected', async ({ secret, body, late }) => {
    const world = new World();
    const endpoint = await create(world, { url: 'https://hooks.acme.example/parley', events: ['message.delivered'] });
    const [{ id, _delivery }] = recordEvent(world.stores, world.account().id, 'message.delivered', { status: 'delivered' }, world.now);
    const t = Math.floor(world.now.getTime() / 1000);
    const headers = { id, timestamp: String(t), signature: signDelivery(endpoint.signing_secret, id, t, _delivery.body) };
    expect(verifyDelivery(endpoint.signing_secret, headers, _delivery.body, t)).toBe(true);
    expect(verifyDelivery(secret ?? endpoint.signing_secret, headers, body(_delivery.body), t + late)).toBe(false);
  });
});

describe('Webhooks: who receives an event', () => {
  it('every enabled, subscribed endpoint of the account, each signed with its own secret', async () => {
    const world = new World();
    const other = world.addAccount();
    const a = await create(world, { url: 'https://hooks.acme.example/a', events: ['call.failed', 'message.failed'] });
    const b = await create(world, { url: 'https://hooks.acme.example/b', events: ['message.failed'] });
    const disabled = await create(world, { url: 'https://hooks.acme.example/c', events: ['message.failed'] });
    await update(world, disabled.id, { status: 'disabled' });
    const deleted = await create(world, { url: 'https://hooks.acme.example/d', events: ['message.failed'] });
    await remove(world, deleted.id);
    await create(world, { url: 'https://hooks.acme.example/e', events: ['message.delivered'] });
    await create(world, { url: 'https://hooks.acme.example/a', events: ['message.failed'] }, other);

    const events = recordEvent(world.stores, world.account().id, 'message.failed', { id: 'msg_3Wd9Lx6Kp2Qz8Tn1Rv5Hb7' }, world.now);
    const byEndpoint = new Map(events.map((e) => [e._delivery.webhook_endpoint_id, e]));
    expect([...byEndpoint.keys()].sort()).toEqual([a.id, b.id].sort());
    for (const endpoint of [a, b]) {
      const { id, _delivery } = byEndpoint.get(endpoint.id)!;
      expect(world.stores.deliveries.getAttempt(world.account().id, _delivery.attempt_id)).toMatchObject({
        endpointId: endpoint.id,
        eventId: id,
      });
    }
    expect(recordedEvents(world.stores, other)).toEqual([]);
  });

  it('an event nobody subscribes to records nothing', () => {
    const world = new World();
    expect(recordEvent(world.stores, world.account().id, 'campaign.completed', {}, world.now)).toEqual([]);
  });
});
