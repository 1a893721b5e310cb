import { esc } from '../html.js';
import { markdown } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { tsClientSetup } from '../samples.js';
import { renderTable } from '../tables.js';
import { type Guide, opLink, pairOf, responseBlock, sampleTabs } from './guide.js';

export const gettingStarted: Guide = {
  slug: 'getting-started',
  title: 'Getting started',
  summary: 'Make your first authenticated request in a few minutes, with curl or TypeScript.',
  render(ctx, root) {
    const account = ctx.byId('getAccount');
    const pair = pairOf(account);
    const servers = (ctx.spec.servers ?? []) as { url: string; description?: string }[];
    return `<h1>Getting started</h1>
<p class="lead">${esc(ctx.spec.info.summary ?? '')}</p>
${markdown(ctx.spec.info.description)}
${h2('get-a-key', '1. Get an API key')}
<p>Every request carries an API key. Create one with ${opLink(ctx, root, 'createApiKey')} (its secret is shown once, in that response) and keep it in an environment variable:</p>
${codeBlock('export PARLEY_API_KEY="pl_test_…"   # a test-mode key: nothing is dialled, sent or charged', 'shell')}
${callout('tip', `Start with a <code>pl_test_</code> key. <a href="${root}guides/test-mode.html">Test mode</a> runs every endpoint without dialling, sending or charging, and documented magic inputs trigger each error.`)}
${h2('first-request', '2. Make your first request')}
<p>${opLink(ctx, root, 'getAccount', 'Get the account')} returns the account the key belongs to: a good way to check the key works.</p>
${sampleTabs(ctx, account, pair, { full: true })}
${responseBlock(pair)}
${h2('typescript', '3. Use the typed client')}
<p>The spec is published as <a href="${root}openapi.json" download><code>openapi.json</code></a>. Generate TypeScript types from it with <code>openapi-typescript</code> and call the API with <code>openapi-fetch</code>: paths, parameters, bodies and answers are all type-checked.</p>
${codeBlock('npm install openapi-fetch\nnpx openapi-typescript openapi.json -o parley-api.d.ts', 'shell')}
${codeBlock(tsClientSetup(ctx), 'ts', 'parley.ts')}
<p>Every example on the <a href="${root}examples/account.html">Examples</a> pages uses this <code>parley</code> client.</p>
${h2('servers', 'Servers')}
${renderTable({ id: 'servers', columns: ['Base URL', 'What it is'], rows: servers.map((s) => [{ html: `<code>${esc(s.url)}</code>` }, { html: markdown(s.description).replace(/^<p>|<\/p>$/g, '') }]) })}
${h2('next', 'Next steps')}
<ul class="next-steps">
<li><a href="${root}guides/authentication.html">Authentication</a>: the two ways to send a key, key prefixes, rotation.</li>
<li><a href="${root}guides/scopes.html">Scopes</a>: give each key only what it needs.</li>
<li><a href="${root}guides/errors.html">Errors</a>: every error code and what to do about it.</li>
<li><a href="${root}reference/index.html">API reference</a>: every operation, parameter and schema.</li>
</ul>`;
  },
};
