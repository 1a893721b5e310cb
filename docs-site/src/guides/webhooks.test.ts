// The webhooks guide: Standard Webhooks only (no trace of the old Parley-Signature scheme), the
// tested receiver code as its sample, the model's events, timeout, replay window and retry
// schedule, and the operations to test a receiver, read the delivery log and rotate the secret.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpec, type Spec } from '../../../openapi/tools/spec.js';
import { buildContext } from '../context.js';
import { highlight } from '../highlight.js';
import { esc } from '../html.js';
import { RECEIVER_TYPES_IMPORT, receiverSource, webhooks } from './webhooks.js';

const spec = loadSpec();
const render = (s: Spec = spec) => webhooks.render(buildContext(s), '../');
const html = render();
/** The page as text: tags dropped, entities decoded. */
const text = (h: string) =>
  h
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const withSpec = (change: (s: Spec) => void) => {
  const copy = structuredClone(spec);
  change(copy);
  return copy;
};

describe('the webhooks guide', () => {
  it.each([
    { given: 'the old header', pattern: /Parley-Signature/i },
    { given: 'a t= timestamp', pattern: /\bt=\d/ },
    { given: 'a v1= hex digest', pattern: /v1=[0-9a-f]/i },
  ])('has no trace of the old signature scheme: $given', ({ pattern }) => {
    expect(text(html)).not.toMatch(pattern);
    expect(webhooks.summary).not.toMatch(pattern);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'standardwebhooks', 'http://127.0.0.1:<port>/'])(
    'mentions %s',
    (word) => {
      expect(text(html)).toContain(word);
    },
  );

  it('shows the tested receiver module, with the types imported as the other samples do', () => {
    const module = readFileSync(fileURLToPath(new URL('../webhook-signature.ts', import.meta.url)), 'utf8');
    const shown = receiverSource();
    expect(shown).toContain(`from ${RECEIVER_TYPES_IMPORT.shown}`);
    expect(shown).not.toContain(RECEIVER_TYPES_IMPORT.tested);
    expect(shown).not.toMatch(/^\/\//);
    expect(module.replace(RECEIVER_TYPES_IMPORT.tested, RECEIVER_TYPES_IMPORT.shown)).toContain(shown);
    expect(shown).toContain("import { Webhook } from 'standardwebhooks'");
    expect(html).toContain(highlight(shown, 'ts'));
  });

  it('shows a documented delivery with its three headers', () => {
    const op = spec.webhooks['call.completed'].post;
    const [name, example] = Object.entries<any>(op.requestBody.content['application/json'].examples)[0];
    for (const p of op.parameters) expect(text(html)).toContain(`${p.name}: ${p.examples[name].value}`);
    expect(html).toContain(esc(JSON.stringify(example.value)));
  });

  it.each([
    { operationId: 'createWebhook' },
    { operationId: 'rotateWebhookSecret' },
    { operationId: 'sendWebhookTestEvent' },
    { operationId: 'listWebhookDeliveries' },
    { operationId: 'redeliverWebhookDelivery' },
  ])('links $operationId and shows its sample', ({ operationId }) => {
    const ctx = buildContext(spec);
    expect(html).toContain(`href="${ctx.refLink('../', operationId)}"`);
    expect(text(html)).toContain(
      ctx.byId(operationId).path.replace(/\{(\w+)\}/g, (_, p) => String(ctx.byId(operationId).primary!.request.path[p])),
    );
  });

  it('says the new secret signs every attempt after a rotation', () => {
    expect(text(html)).toMatch(/new secret signs every attempt/);
  });

  it('holds the events, headers, retries and delivery-log tables', () => {
    for (const id of ['webhook-events', 'webhook-headers', 'webhook-retries', 'webhook-delivery-fields'])
      expect(html).toContain(`<table data-table="${id}">`);
  });

  it.each([
    { given: { 'timeout-seconds': 10 }, want: 'any 2xx within 10 s' },
    { given: { 'timeout-seconds': 30 }, want: 'any 2xx within 30 s' },
    { given: { 'tolerance-seconds': 300 }, want: 'more than 5 min from your clock' },
    { given: { 'retry-schedule-seconds': [60, 3600] }, want: '3 attempts over 1 h 1 min' },
  ])('follows the model: $given → "$want"', ({ given, want }) => {
    expect(text(render(withSpec((s) => Object.assign(s['x-webhook-delivery'], given))))).toContain(want);
  });
});
