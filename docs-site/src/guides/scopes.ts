import { component } from '../context.js';
import { esc } from '../html.js';
import { markdown } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { renderTable, scopesTable } from '../tables.js';
import { type Guide, opLink, pairOf, sampleTabs } from './guide.js';

export const scopes: Guide = {
  slug: 'scopes',
  title: 'Scopes',
  summary: 'Each operation requires one scope; give every key only the scopes it needs.',
  render(ctx, root) {
    const scopeSchema = component(ctx.spec, 'schemas', 'ApiKeyScope');
    const forbidden = component(ctx.spec, 'responses', 'Forbidden');
    const insufficient = forbidden.content?.['application/problem+json']?.examples?.['insufficient-scope']?.value;
    const create = ctx.byId('createApiKey');
    const narrow = create.pairs.find((p) => p.name === 'create-read-only-key') ?? pairOf(create);
    const n = ctx.model.scopes.length;
    return `<h1>Scopes</h1>
<p class="lead">A key carries a list of scopes. ${esc(scopeSchema.description ?? '')} There are ${n} scopes.</p>
${callout('tip', 'Create one key per application or server, with only the scopes it uses. A reporting job needs the <code>:read</code> scopes only; a key that can trigger calls cannot read your contacts unless you say so.')}
${h2('table', 'All scopes')}
${renderTable(scopesTable(ctx, root))}
${h2('missing-scope', 'A key without the scope')}
<p>The request is refused with 403 <code>INSUFFICIENT_SCOPE</code> and a <code>WWW-Authenticate</code> challenge that names the scope the operation needs. Nothing is executed.</p>
${codeBlock(JSON.stringify(insufficient ?? {}, null, 2), 'json', 'Response 403 · application/problem+json')}
${h2('narrow-keys', 'Create a narrow key')}
${markdown(create.op.description.split('\n\n')[1] ?? '')}
${sampleTabs(ctx, create, narrow)}
<p>Scopes can be listed on ${opLink(ctx, root, 'getApiKey', 'any key')}; change them by creating a new key and revoking the old one.</p>`;
  },
};
