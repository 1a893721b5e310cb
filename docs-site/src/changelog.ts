// The Changelog page: openapi/CHANGELOG.md (committed, written by `npm run changelog` from the
// spec's history), so the build is the same on a fresh or shallow clone. Renders the file's subset:
// headings, `- ` lists, paragraphs, inline code.
import { readFileSync } from 'node:fs';
import { CHANGELOG_FILE } from '../../openapi/tools/diff/history.js';
import { esc } from './html.js';
import { inline } from './inline-markdown.js';
import { h2 } from './layout.js';

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function renderChangelog(markdown: string): string {
  const out: string[] = [];
  for (const block of markdown.trim().split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines[0].startsWith('# ')) out.push(`<h1>${esc(lines[0].slice(2))}</h1>`);
    else if (lines[0].startsWith('## ')) out.push(h2(slug(lines[0].slice(3)), lines[0].slice(3)));
    else if (lines[0].startsWith('### ')) out.push(`<h3>${esc(lines[0].slice(4))}</h3>`);
    else if (lines.every((l) => l.startsWith('- '))) out.push(`<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`);
    else out.push(`<p>${inline(lines.join(' '))}</p>`);
  }
  return out.join('\n');
}

export const changelogPage = (file: string = CHANGELOG_FILE): string => renderChangelog(readFileSync(file, 'utf8'));
