import { component } from '../context.js';
import { esc } from '../html.js';
import { inline } from '../inline-markdown.js';
import { callout, h2 } from '../layout.js';
import { documentedAnswer } from '../samples.js';
import { renderTable, testValuesTable } from '../tables.js';
import { type Guide, opLink, pairOf, sampleTabs } from './guide.js';

export const testMode: Guide = {
  slug: 'test-mode',
  title: 'Test mode and magic values',
  summary: 'pl_test_ keys never dial, send or charge; documented magic inputs trigger every error path.',
  render(ctx, root) {
    const mode = component(ctx.spec, 'schemas', 'ApiKey')?.properties?.mode?.description ?? '';
    const trigger = ctx.byId('triggerCall');
    const magic = pairOf(trigger, 'insufficient-balance');
    return `<h1>Test mode and magic values</h1>
<p class="lead">Build and test your integration without dialling anyone, sending anything or spending money. ${inline(mode)}</p>
${h2('keys', 'Test keys')}
<p>A key's mode is fixed when it is created: a <code>pl_test_</code> key creates <code>pl_test_</code> keys. Test and live data never mix. Test calls stay in progress until you hang them up, and test messages are reported delivered.</p>
${callout('tip', 'Run your integration tests against test mode with the magic values below: each error your code must handle can be produced on demand.')}
${h2('magic-values', 'Magic values')}
<p>In test mode these ${ctx.model.testValues.length} inputs produce a documented answer instead of the normal one.</p>
${renderTable(testValuesTable(ctx, root))}
${h2('example', 'Example: a balance that is too low')}
<p>${opLink(ctx, root, 'triggerCall')} to <code>${esc((magic.request.body as { to?: string })?.to ?? '')}</code> with a test key answers <strong>${esc(documentedAnswer(magic))}</strong>.</p>
${sampleTabs(ctx, trigger, magic)}
<p>Every operation's magic inputs are also listed in its description in the <a href="${root}reference/index.html">API reference</a>, and each one is a runnable example on the <a href="${root}examples/calls.html">Examples</a> pages.</p>`;
  },
};
