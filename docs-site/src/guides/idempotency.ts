import { component } from '../context.js';
import { esc } from '../html.js';
import { markdown } from '../inline-markdown.js';
import { callout, h2 } from '../layout.js';
import { headersTable, renderTable } from '../tables.js';
import { type Guide, methodPath, opLink, pairOf, sampleTabs } from './guide.js';

export const idempotency: Guide = {
  slug: 'idempotency',
  title: 'Idempotency',
  summary: 'Retry side-effecting requests safely with an Idempotency-Key: never a second call, SMS or charge.',
  render(ctx, root) {
    const param = component(ctx.spec, 'parameters', 'IdempotencyKey');
    const ops = ctx.operations.filter((o) => o.contract.idempotent);
    const problem = (response: string, example: string) =>
      component(ctx.spec, 'responses', response)?.content?.['application/problem+json']?.examples?.[example]?.value ?? {};
    const reused = problem('ValidationErrorIdempotent', 'idempotency-key-reused');
    const inProgress = problem('IdempotencyInProgress', 'idempotency-in-progress');
    const trigger = ops.find((o) => o.operationId === 'triggerCall') ?? ops[0];
    const key = String(param.schema?.example ?? '6f1c0c1e-0b7d-4a8e-9a51-2f7c2d9e8b11');
    return `<h1>Idempotency</h1>
<p class="lead">A network error after a POST leaves you not knowing whether it happened. Send an <code>${esc(param.name)}</code> header and retry freely: the API executes the request at most once.</p>
${markdown(param.description)}
${h2('operations', 'Operations that accept it')}
${renderTable({
  id: 'idempotent-operations',
  columns: ['Operation', 'Request'],
  rows: ops.map((o) => [{ html: opLink(ctx, root, o.operationId) }, { html: methodPath(o) }]),
})}
${h2('example', 'Sending a key')}
<p>Generate a new UUID for every distinct request and keep it with the request, so that a retry sends the same key.</p>
${trigger ? sampleTabs(ctx, trigger, pairOf(trigger), { headers: { [param.name]: key } }) : ''}
${h2('outcomes', 'What a retry gets')}
${renderTable({
  id: 'idempotency-outcomes',
  columns: ['Within 24 hours, per account', 'Answer'],
  rows: [
    [
      'Same key, same payload, first request completed',
      { html: 'The original status and body, with <code>Idempotent-Replayed: true</code>; nothing is executed again.' },
    ],
    ['Same key, different payload', { html: `${esc(reused.status)} <code>${esc(reused.code)}</code>: ${esc(reused.detail)}` }],
    [
      'Same key while the first request is still running',
      { html: `${esc(inProgress.status)} <code>${esc(inProgress.code)}</code>: ${esc(inProgress.detail)}` },
    ],
  ],
})}
${renderTable(headersTable(ctx, ['Idempotent-Replayed'], 'idempotency-headers'))}
${callout('note', 'Keys are scoped to the account: another account using the same key never sees your response. After 24 hours a key can be used again for a new request.')}`;
  },
};
