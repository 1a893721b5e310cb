// `npm run docs`: builds the whole site into docs-site/dist/ from generated/openapi.json, offline.
// buildSite() is exported for scripts and tests; it returns the pages it wrote.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledJson } from '../../openapi/tools/paths.js';
import { loadSpec } from '../../openapi/tools/spec.js';
import { changelogPage } from './changelog.js';
import { buildContext } from './context.js';
import { examplesPage } from './examples-pages.js';
import { GUIDES } from './guides/index.js';
import { landingPage } from './landing.js';
import { type NavGroup, page } from './layout.js';
import { DEFAULT_OUT_DIR, siteRoot } from './paths.js';
import { buildReference } from './reference.js';

export interface BuildOptions {
  spec?: string;
  outDir?: string;
}

export interface BuildResult {
  outDir: string;
  /** Paths of the HTML pages, relative to outDir. */
  pages: string[];
  operations: number;
}

export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const specFile = options.spec ?? bundledJson;
  const ctx = buildContext(loadSpec(specFile));
  const version = ctx.spec.info.version;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  for (const f of readdirSync(join(siteRoot, 'assets'))) copyFileSync(join(siteRoot, 'assets', f), join(outDir, 'assets', f));
  copyFileSync(specFile, join(outDir, 'openapi.json'));

  const sidebar: NavGroup[] = [
    { title: 'Guides', links: GUIDES.map((g) => ({ href: `guides/${g.slug}.html`, title: g.title })) },
    { title: 'Examples', links: ctx.tags.map((t) => ({ href: `examples/${t.slug}.html`, title: t.name })) },
    { title: 'Reference', links: [{ href: 'reference/index.html', title: 'API reference' }] },
    { title: 'Changes', links: [{ href: 'changelog.html', title: 'Changelog' }] },
  ];
  const pages: string[] = [];
  const write = (path: string, html: string) => {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), html);
    pages.push(path);
  };

  write(
    'index.html',
    page({
      title: 'Parley API',
      description: ctx.spec.info.summary ?? '',
      root: '',
      section: 'home',
      path: 'index.html',
      body: landingPage(ctx, GUIDES),
      version,
    }),
  );
  for (const g of GUIDES) {
    const path = `guides/${g.slug}.html`;
    write(
      path,
      page({ title: g.title, description: g.summary, root: '../', section: 'guides', path, body: g.render(ctx, '../'), sidebar, version }),
    );
  }
  for (const t of ctx.tags) {
    const path = `examples/${t.slug}.html`;
    const body = examplesPage(ctx, t, '../');
    write(
      path,
      page({ title: `${t.name} examples`, description: t.description, root: '../', section: 'examples', path, body, sidebar, version }),
    );
  }
  write(
    'changelog.html',
    page({
      title: 'Changelog',
      description: 'Every change to the contract between versions of the spec, classified by the breaking-change gate.',
      root: '',
      section: 'guides',
      path: 'changelog.html',
      body: changelogPage(),
      sidebar,
      version,
    }),
  );
  await buildReference(ctx, outDir);
  pages.push('reference/index.html');
  return { outDir, pages, operations: ctx.operations.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  buildSite().then(
    (r) =>
      console.log(
        `docs: ${r.pages.length} pages (${r.operations} operations in the reference) in ${r.outDir} (${Date.now() - started} ms)`,
      ),
    (err) => {
      console.error(`docs: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
