import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveRef } from '../../../openapi/tools/spec.js';
import { esc } from '../html.js';
import { inline, markdown } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { renderTable } from '../tables.js';
import { type Guide, opLink } from './guide.js';

/** The verification code shown on the page is the tested module itself, minus its header comment. */
const verifySource = () =>
  readFileSync(fileURLToPath(new URL('../webhook-signature.ts', import.meta.url)), 'utf8')
    .replace(/^(\/\/[^\n]*\n)+/, '')
    .trim();

export const webhooks: Guide = {
  slug: 'webhooks',
  title: 'Webhooks and signatures',
  summary: 'Receive signed event deliveries and verify their Parley-Signature before trusting them.',
  render(ctx, root) {
    const events = Object.entries<any>(ctx.spec.webhooks ?? {}).map(([name, item]) => [name, resolveRef(ctx.spec, item).post] as const);
    const [firstName, first] = events[0] ?? ['', {}];
    const paragraphs: string[] = (first?.description ?? '').split(/\n\s*\n/);
    const verify = paragraphs.find((p) => p.startsWith('Verify')) ?? '';
    const answer = paragraphs.find((p) => p.startsWith('Answer')) ?? '';
    const signature = (first?.parameters ?? []).find((p: any) => p.in === 'header');
    const body = first?.requestBody?.content?.['application/json']?.examples;
    const [exampleName, example] = Object.entries<any>(body ?? {})[0] ?? ['', {}];
    const create = ctx.byId('createWebhook');
    return `<h1>Webhooks and signatures</h1>
<p class="lead">Register an HTTPS endpoint and Parley POSTs an event to it when something happens: a call ends, an SMS is delivered, a campaign completes.</p>
${h2('events', 'Events')}
${renderTable({
  id: 'webhook-events',
  columns: ['Event', 'When', 'Payload'],
  rows: events.map(([name, op]) => [
    { html: `<code>${esc(name)}</code>` },
    { html: `<strong>${esc(op.summary)}</strong>. ${inline(op.description.split(/\n\s*\n/)[0])}` },
    { html: `<code>${esc(op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop() ?? 'event')}</code>` },
  ]),
})}
${h2('endpoints', 'Register an endpoint')}
<p>${opLink(ctx, root, 'createWebhook')}: ${inline(create.op.description.split('\n\n')[0])}</p>
<p>List, update and delete endpoints with ${opLink(ctx, root, 'listWebhooks', 'the webhook endpoints API')}.</p>
${h2('verify', 'Verify every delivery')}
${markdown(verify)}
${codeBlock(verifySource(), 'ts', 'webhook-signature.ts')}
${callout('warning', 'Compute the HMAC over the raw body bytes as received. Parsing the JSON and serializing it again changes the bytes and the signature no longer matches.')}
${h2('example', 'An example delivery')}
<p>The <code>${esc(firstName)}</code> event (${esc(exampleName)} example), signed with the <code>createWebhook</code> example's secret:</p>
${codeBlock(`POST /parley HTTP/1.1\nContent-Type: application/json\n${signature?.name ?? 'Parley-Signature'}: ${signature?.examples?.[exampleName]?.value ?? ''}\n\n${JSON.stringify(example.value ?? {})}`, 'text', 'Delivery')}
${h2('answer', 'Answer quickly, deduplicate')}
${markdown(answer)}`;
  },
};
