// The API reference: Redocly `build-docs --inlineBundle` (Redoc, no CDN) on a copy of the bundled
// spec that adds per-operation code samples (`x-codeSamples`) and a link to the examples page,
// rendered in a template with the site's top bar. The "API docs by" badge loads its logo from a
// CDN; the logo is swapped for a local file so the page makes no outside request.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Spec } from '../../openapi/tools/spec.js';
import type { SiteContext } from './context.js';
import { topbar } from './layout.js';
import { curlSample, tsFull } from './samples.js';

const run = promisify(execFile);
const redoclyCli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

/** CDN logos of the Redoc badge, and the local file that replaces them. */
export const CDN_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
export const LOCAL_LOGO = '../assets/redocly.svg';
/** Height of the site's top bar, which Redoc must scroll below. */
const TOPBAR_PX = 56;

/** The spec as the reference shows it: the bundled spec plus code samples and example links. */
export function referenceSpec(ctx: SiteContext): Spec {
  const doc = structuredClone(ctx.spec);
  for (const op of ctx.operations) {
    const raw = doc.paths[op.path][op.method];
    if (op.primary) {
      raw['x-codeSamples'] = [
        { lang: 'Shell', label: 'curl', source: curlSample(ctx, op, op.primary.request) },
        { lang: 'TypeScript', label: 'TypeScript', source: tsFull(ctx, op, op.primary) },
      ];
    }
    if (op.pairs.length) {
      const href = ctx.examplesLink('../', op.operationId);
      raw.description = `${raw.description ?? ''}\n\n**Examples:** [all ${op.pairs.length} documented requests of this operation, in curl and TypeScript](${href}).`;
    }
  }
  return doc;
}

function template(version: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{title}}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="../assets/logo.svg" type="image/svg+xml">
  <link rel="stylesheet" href="../assets/site.css">
  <style>body { margin: 0; padding: 0; }</style>
  {{{redocHead}}}
</head>
<body class="reference">
  ${topbar('../', 'reference', version)}
  {{{redocHTML}}}
</body>
</html>
`;
}

/** Writes `<outDir>/reference/index.html`; returns its size in bytes. */
export async function buildReference(ctx: SiteContext, outDir: string): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'parley-reference-'));
  try {
    const specFile = join(work, 'openapi.json');
    const templateFile = join(work, 'template.hbs');
    const output = join(outDir, 'reference', 'index.html');
    writeFileSync(specFile, JSON.stringify(referenceSpec(ctx)));
    writeFileSync(templateFile, template(ctx.spec.info.version));
    const args = [redoclyCli, 'build-docs', specFile, '--inlineBundle', '--template', templateFile, '--output', output];
    args.push('--title', 'API reference · Parley API docs', `--openapi.scrollYOffset=${TOPBAR_PX}`, '--lint-config', 'off');
    await run(process.execPath, args, {
      cwd: work,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err) => {
      throw new Error(
        `redocly build-docs failed: ${String(err.stderr || err.message)
          .trim()
          .split('\n')
          .slice(-5)
          .join(' ')}`,
      );
    });
    const html = readFileSync(output, 'utf8').replace(CDN_LOGO, LOCAL_LOGO);
    if (/cdn\.redoc\.ly\/redoc\/logo/.test(html))
      throw new Error('the reference still loads the badge logo from a CDN; update CDN_LOGO in docs-site/src/reference.ts');
    writeFileSync(output, html);
    return Buffer.byteLength(html);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
