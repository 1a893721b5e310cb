// The page shell shared by the landing page, the guides and the examples pages: top bar,
// sidebar, content, "on this page" list and footer. The reference page reuses the top bar.

import { highlight, type Language } from './highlight.js';
import { esc } from './html.js';

export type Section = 'home' | 'guides' | 'examples' | 'reference';

export interface NavGroup {
  title: string;
  links: { href: string; title: string }[];
}

export interface PageOptions {
  title: string;
  description: string;
  /** Relative path from this page to the site root: '' or '../'. */
  root: string;
  section: Section;
  /** This page's path from the root, to mark it in the sidebar. */
  path: string;
  body: string;
  sidebar?: NavGroup[];
  version: string;
}

export function topbar(root: string, section: Section, version: string): string {
  const link = (href: string, label: string, s: Section) =>
    `<a href="${root}${href}"${s === section ? ' class="active" aria-current="page"' : ''}>${label}</a>`;
  return `<header class="site-topbar">
  <a class="site-brand" href="${root}index.html"><img src="${root}assets/logo.svg" alt="" width="28" height="28"><span>Parley</span><span class="site-brand-docs">Docs</span></a>
  <nav class="site-nav" aria-label="Site">
    ${link('guides/getting-started.html', 'Guides', 'guides')}
    ${link('examples/account.html', 'Examples', 'examples')}
    ${link('reference/index.html', 'API reference', 'reference')}
  </nav>
  <div class="site-topbar-end"><span class="site-version">v${esc(version)}</span><a class="site-spec" href="${root}openapi.json" download>openapi.json</a></div>
</header>`;
}

export function h2(id: string, text: string): string {
  return `<h2 id="${esc(id)}"><a class="anchor" href="#${esc(id)}" aria-hidden="true">#</a>${esc(text)}</h2>`;
}

export function codeBlock(code: string, language: Language, caption?: string): string {
  return `<figure class="code">${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}<button class="copy" type="button" aria-label="Copy code">Copy</button><pre><code class="lang-${language}">${highlight(code, language)}</code></pre></figure>`;
}

/** Tabs of equivalent samples (curl / TypeScript); the choice is remembered across pages. */
export function codeTabs(samples: { label: string; language: Language; code: string }[]): string {
  if (samples.length === 1) return codeBlock(samples[0].code, samples[0].language, samples[0].label);
  return `<div class="tabs" data-tabs>
  <div class="tab-list" role="tablist">${samples.map((s, i) => `<button type="button" role="tab" data-lang="${esc(s.label)}" aria-selected="${i === 0}">${esc(s.label)}</button>`).join('')}</div>
  ${samples.map((s, i) => `<div class="tab-panel" role="tabpanel" data-lang="${esc(s.label)}"${i === 0 ? '' : ' hidden'}>${codeBlock(s.code, s.language)}</div>`).join('\n')}
</div>`;
}

export function callout(kind: 'note' | 'warning' | 'tip', html: string): string {
  const label = { note: 'Note', warning: 'Important', tip: 'Tip' }[kind];
  return `<aside class="callout callout-${kind}"><strong>${label}</strong><div>${html}</div></aside>`;
}

function sidebar(groups: NavGroup[], root: string, path: string): string {
  return `<nav class="site-sidebar" aria-label="Sections">${groups
    .map(
      (g) =>
        `<div class="side-group"><p class="side-title">${esc(g.title)}</p><ul>${g.links
          .map(
            (l) =>
              `<li><a href="${root}${esc(l.href)}"${l.href === path ? ' class="active" aria-current="page"' : ''}>${esc(l.title)}</a></li>`,
          )
          .join('')}</ul></div>`,
    )
    .join('')}</nav>`;
}

function toc(body: string): string {
  const items = [...body.matchAll(/<h2 id="([^"]+)">(?:<a[^>]*>#<\/a>)?([^<]+)<\/h2>/g)];
  if (items.length < 2) return '';
  return `<aside class="site-toc" aria-label="On this page"><p class="side-title">On this page</p><ul>${items
    .map((m) => `<li><a href="#${m[1]}">${m[2]}</a></li>`)
    .join('')}</ul></aside>`;
}

export function page(o: PageOptions): string {
  const layout = o.sidebar ? 'site-main with-sidebar' : 'site-main';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · Parley API docs</title>
<meta name="description" content="${esc(o.description)}">
<link rel="icon" href="${o.root}assets/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="${o.root}assets/site.css">
</head>
<body class="site">
${topbar(o.root, o.section, o.version)}
<div class="${layout}">
${o.sidebar ? sidebar(o.sidebar, o.root, o.path) : ''}
<main class="site-content" id="content">
${o.body}
</main>
${o.sidebar ? toc(o.body) : ''}
</div>
<footer class="site-footer"><p>Generated from the Parley API OpenAPI document v${esc(o.version)}. Every table and sample on this site is built from the spec.</p></footer>
<script src="${o.root}assets/site.js" defer></script>
</body>
</html>
`;
}
