// The Changelog page renders the committed openapi/CHANGELOG.md: every version a heading, every change a list item.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANGELOG_FILE } from '../../openapi/tools/diff/history.js';
import { changelogPage, renderChangelog } from './changelog.js';

describe('changelog page', () => {
  it('renders headings, lists and inline code, escaped', () => {
    expect(renderChangelog('# Changelog\n\n## 1.0.0 · spec abc\n\n### Breaking (1)\n\n- `rule-id`: a <b> change')).toBe(
      '<h1>Changelog</h1>\n<h2 id="1-0-0-spec-abc"><a class="anchor" href="#1-0-0-spec-abc" aria-hidden="true">#</a>1.0.0 · spec abc</h2>\n<h3>Breaking (1)</h3>\n<ul><li><code>rule-id</code>: a &lt;b&gt; change</li></ul>',
    );
  });

  it('holds every version and change of openapi/CHANGELOG.md', () => {
    const md = readFileSync(CHANGELOG_FILE, 'utf8');
    const html = changelogPage();
    expect((html.match(/<h2 /g) ?? []).length).toBe((md.match(/^## /gm) ?? []).length);
    expect((html.match(/<li>/g) ?? []).length).toBe((md.match(/^- /gm) ?? []).length);
  });
});
