// The landing page: what the API is, a first request, the guides and the API areas.
import type { SiteContext } from './context.js';
import type { Guide } from './guides/guide.js';
import { esc } from './html.js';
import { inline } from './inline-markdown.js';
import { codeBlock } from './layout.js';
import { curlSample } from './samples.js';

export function landingPage(ctx: SiteContext, guides: Guide[]): string {
  const account = ctx.byId('getAccount');
  const scopes = ctx.model.scopes.length;
  const events = ctx.model.webhooks.length;
  return `<section class="hero">
<div class="hero-text">
<p class="eyebrow">Parley API v${esc(ctx.spec.info.version)}</p>
<h1>Voice and messaging, one API key away</h1>
<p class="lead">${esc(ctx.spec.info.description?.split('. ')[0] ?? '')}.</p>
<div class="hero-actions"><a class="button primary" href="guides/getting-started.html">Get started</a><a class="button" href="reference/index.html">API reference</a></div>
<ul class="stats"><li><strong>${ctx.operations.length}</strong> operations</li><li><strong>${ctx.tags.length}</strong> resources</li><li><strong>${scopes}</strong> scopes</li><li><strong>${events}</strong> webhook events</li></ul>
</div>
<div class="hero-code">${codeBlock(curlSample(ctx, account, account.primary!.request), 'shell', 'Your first request')}</div>
</section>
<section class="cards-section">
<h2 id="guides">Guides</h2>
<div class="cards">${guides.map((g) => `<a class="card" href="guides/${g.slug}.html"><h3>${esc(g.title)}</h3><p>${esc(g.summary)}</p></a>`).join('\n')}</div>
</section>
<section class="cards-section">
<h2 id="api">API areas</h2>
<div class="cards compact">${ctx.tags
    .map((t) => {
      const n = ctx.operations.filter((o) => o.tag === t.name).length;
      return `<div class="card"><h3><a href="reference/#/${t.slug}">${esc(t.name)}</a></h3><p>${inline(t.description)}</p><p class="card-links"><a href="reference/#/${t.slug}">${n} operation${n === 1 ? '' : 's'}</a> · <a href="examples/${t.slug}.html">Examples</a></p></div>`;
    })
    .join('\n')}</div>
</section>`;
}
