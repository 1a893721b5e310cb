// One page per tag with every documented example pair of its operations, as curl and TypeScript,
// with the documented answer: the same requests the contract tests replay.
import type { SiteContext } from './context.js';
import { methodPath, responseBlock, sampleTabs } from './guides/guide.js';
import { esc } from './html.js';
import { inline } from './inline-markdown.js';
import { callout, codeBlock } from './layout.js';
import { documentedAnswer, invalidOnPurpose, tsClientSetup } from './samples.js';

export function examplesPage(ctx: SiteContext, tag: { name: string; description: string; slug: string }, root: string): string {
  const ops = ctx.operations.filter((o) => o.tag === tag.name);
  const sections = ops.map((op) => {
    const pairs = op.pairs.map((pair) => {
      const summary =
        (op.op.requestBody?.content?.['application/json']?.examples?.[pair.name]?.summary as string | undefined) ??
        (op.op.responses?.[pair.response.status]?.content?.[pair.response.mediaType]?.examples?.[pair.name]?.summary as
          | string
          | undefined) ??
        '';
      const ok = pair.response.status.startsWith('2');
      return `<section class="example" id="${esc(op.operationId)}-${esc(pair.name)}">
<h3><code>${esc(pair.name)}</code> ${summary ? `<span class="example-summary">${esc(summary)}</span>` : ''}<span class="status ${ok ? 'status-ok' : 'status-error'}">${esc(documentedAnswer(pair))}</span></h3>
${sampleTabs(ctx, op, pair)}
${invalidOnPurpose(pair) ? '<p class="muted">Invalid on purpose, so shown with curl only: the generated TypeScript types are there to stop such a request.</p>' : ''}
<details><summary>Documented response</summary>${responseBlock(pair)}</details>
</section>`;
    });
    return `<section class="operation">
<h2 id="${esc(op.operationId)}"><a class="anchor" href="#${esc(op.operationId)}" aria-hidden="true">#</a>${esc(op.summary)}</h2>
<p class="operation-line">${methodPath(op)} <span class="scope">scope <code>${esc(op.scope ?? 'none')}</code></span> <a class="ref-link" href="${esc(ctx.refLink(root, op.operationId))}">Reference →</a></p>
${pairs.join('\n')}
</section>`;
  });
  return `<h1>${esc(tag.name)} examples</h1>
<p class="lead">${inline(tag.description)}</p>
<p>Each example is a documented request and the answer a test-mode key gets for it. The TypeScript samples use the <code>parley</code> client:</p>
${codeBlock(tsClientSetup(ctx), 'ts', 'parley.ts')}
${callout('note', "Ids are the documentation's canonical ids. Replace them with the ids your own requests return.")}
${sections.join('\n')}`;
}
