import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WEBHOOK_HEADERS } from '../../../openapi/tools/contract-model.js';
import { component } from '../context.js';
import { esc } from '../html.js';
import { inline } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { duration, renderTable, retryScheduleTable, schemaFieldsTable, webhookEventsTable, webhookHeadersTable } from '../tables.js';
import { type Guide, opLink, pairOf, sampleTabs } from './guide.js';

/** Where the receiver module imports the generated types from, and what the guide shows instead. */
export const RECEIVER_TYPES_IMPORT = { tested: "'../../generated/schema.js'", shown: "'./parley-api'" } as const;

/**
 * The receiver code shown on the page: the tested module itself (`webhook-signature.ts`) minus its
 * header comment, importing the types from `./parley-api` as the other TypeScript samples do.
 */
export function receiverSource(): string {
  const source = readFileSync(fileURLToPath(new URL('../webhook-signature.ts', import.meta.url)), 'utf8');
  if (!source.includes(RECEIVER_TYPES_IMPORT.tested))
    throw new Error(`webhook-signature.ts no longer imports ${RECEIVER_TYPES_IMPORT.tested}`);
  return source
    .replace(/^(\/\/[^\n]*\n)+/, '')
    .replace(RECEIVER_TYPES_IMPORT.tested, RECEIVER_TYPES_IMPORT.shown)
    .trim();
}

export const webhooks: Guide = {
  slug: 'webhooks',
  title: 'Webhooks and signatures',
  summary: 'Receive event deliveries (Standard Webhooks), verify their signature, and handle retries, tests and secret rotation.',
  render(ctx, root) {
    const delivery = ctx.model.webhookDelivery;
    const first = ctx.model.webhooks[0];
    const exampleName = first?.example?.name ?? '';
    const headerValue = (name: string) =>
      (first?.source.op.parameters ?? []).find((p) => p.in === 'header' && p.name.toLowerCase() === name)?.examples?.[exampleName]?.value ??
      '';
    const exampleHeaders = Object.values(WEBHOOK_HEADERS)
      .map((h) => `${h}: ${headerValue(h)}`)
      .join('\n');
    const url = component(ctx.spec, 'schemas', 'WebhookEndpoint')?.properties?.url?.description ?? '';
    const create = ctx.byId('createWebhook');
    const paragraph = (operationId: string) => inline(String(ctx.byId(operationId).op.description ?? '').split(/\n\s*\n/)[0]);
    const attempts = delivery.retryScheduleSeconds.length + 1;
    const total = delivery.retryScheduleSeconds.reduce((a, b) => a + b, 0);
    const timeout = duration(delivery.timeoutSeconds);
    const tolerance = duration(delivery.toleranceSeconds);
    return `<h1>Webhooks and signatures</h1>
<p class="lead">Register an HTTPS endpoint and Parley POSTs an event to it when something happens: a call ends, an SMS is delivered, a campaign completes. Deliveries follow <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: signed, timestamped and retried, and its libraries verify them in any language.</p>
${h2('events', 'Events')}
<p>The ${ctx.model.webhooks.length} event types, when each is sent, and the operations whose requests cause it.</p>
${renderTable(webhookEventsTable(ctx, root))}
${h2('endpoints', 'Register an endpoint')}
<p>${opLink(ctx, root, 'createWebhook')}: ${paragraph('createWebhook')}</p>
${sampleTabs(ctx, create, pairOf(create, 'create-endpoint'))}
<p>${inline(url)}</p>
<p>List, update and delete endpoints with ${opLink(ctx, root, 'listWebhooks', 'the webhook endpoints API')}.</p>
${h2('headers', 'What a delivery carries')}
<p>Each delivery is a <code>POST</code> whose JSON body is the event, with three headers:</p>
${renderTable(webhookHeadersTable(ctx))}
<p><code>webhook-signature</code> is <code>v1,</code> followed by the base64 HMAC-SHA256 of <code>&lt;webhook-id&gt;.&lt;webhook-timestamp&gt;.&lt;raw body&gt;</code>, keyed with the endpoint's signing secret: the bytes whose base64 follows <code>whsec_</code>. The header may list several signatures separated by spaces; one matching is enough.</p>
<p>The <code>${esc(first?.name ?? '')}</code> event (${esc(exampleName)} example), signed with the <code>createWebhook</code> example's secret:</p>
${codeBlock(`POST /parley HTTP/1.1\nContent-Type: application/json\n${exampleHeaders}\n\n${JSON.stringify(first?.example?.value ?? {})}`, 'text', 'Delivery')}
${h2('verify', 'Verify every delivery')}
<p>Check the signature before trusting anything in a delivery. The <code>standardwebhooks</code> package does it: <code>new Webhook(secret).verify(rawBody, headers)</code> returns the parsed event, or throws when no signature matches or <code>webhook-timestamp</code> is more than ${tolerance} from your clock (which stops replays). The event types come from the spec, as in the other TypeScript samples.</p>
${codeBlock('npm install standardwebhooks\nnpx openapi-typescript openapi.json -o parley-api.d.ts  # the event types', 'shell', 'Install')}
${codeBlock(receiverSource(), 'ts', 'receiver.ts')}
${callout('warning', 'Verify the raw body bytes as received. Parsing the JSON and serializing it again changes the bytes, and the signature no longer matches.')}
${callout('note', "The timestamp check compares with your clock: keep the receiver's clock in sync (NTP).")}
${h2('answer', 'Answer quickly, de-duplicate')}
<ul>
<li>An attempt succeeds when your endpoint answers any 2xx within ${timeout}. Any other status, no answer in time or a refused connection fails it, and it is <a href="#retries">retried</a>. Answer first and do the work afterwards, from a queue.</li>
<li>Deliveries are not ordered: events can arrive in another order than they happened, a retried one especially. Rely on each event's <code>created_at</code> and the state of <code>data.object</code>, not on the arrival order.</li>
<li>An event can arrive more than once: every retry and redelivery carries the same <code>webhook-id</code> (the event's <code>id</code>). De-duplicate on it: record the ids you have handled and skip the ones you have seen.</li>
</ul>
${h2('retries', 'Retries')}
<p>A failed attempt is retried after each delay below: ${attempts} attempts over ${duration(total)}. Every attempt carries the same <code>webhook-id</code> and body, with its own <code>webhook-timestamp</code> and signature. After the last one the event is not sent again unless you <a href="#delivery-log">redeliver</a> it.</p>
${renderTable(retryScheduleTable(delivery))}
${h2('testing', 'Test your receiver')}
<p>${opLink(ctx, root, 'sendWebhookTestEvent')}: ${paragraph('sendWebhookTestEvent')}</p>
${sampleTabs(ctx, ctx.byId('sendWebhookTestEvent'), pairOf(ctx.byId('sendWebhookTestEvent')))}
${callout('tip', `To develop on your own machine, use a sandbox that enables local delivery: it accepts <code>http://127.0.0.1:&lt;port&gt;/…</code> endpoint URLs, so the receiver above can run on your machine. The signed example above also works offline: verify it with the example secret and your clock set to its <code>webhook-timestamp</code>.`)}
${h2('delivery-log', 'The delivery log')}
<p>${opLink(ctx, root, 'listWebhookDeliveries')}: ${paragraph('listWebhookDeliveries')}</p>
${sampleTabs(ctx, ctx.byId('listWebhookDeliveries'), pairOf(ctx.byId('listWebhookDeliveries')))}
${renderTable(schemaFieldsTable(ctx, 'WebhookDelivery', 'webhook-delivery-fields'))}
<p>${opLink(ctx, root, 'redeliverWebhookDelivery')}: ${paragraph('redeliverWebhookDelivery')}</p>
${sampleTabs(ctx, ctx.byId('redeliverWebhookDelivery'), pairOf(ctx.byId('redeliverWebhookDelivery')))}
${h2('rotation', 'Rotate the signing secret')}
<p>${opLink(ctx, root, 'rotateWebhookSecret')}: ${paragraph('rotateWebhookSecret')}</p>
${sampleTabs(ctx, ctx.byId('rotateWebhookSecret'), pairOf(ctx.byId('rotateWebhookSecret')))}
<p>The new secret signs every attempt from the moment of rotation, so put it in the receiver's configuration straight away. While the change rolls out, a receiver can try the new secret and then the old one. An attempt refused in between is retried on the schedule above, or redeliver it from the delivery log.</p>`;
  },
};
