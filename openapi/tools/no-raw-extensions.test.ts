// Code outside openapi/ reads the contract's meaning from the contract model
// (openapi/tools/contract-model.ts), never the spec's `x-` extensions directly (ARCHITECTURE.md,
// "Folders and what may import what"). This test scans the repository's source files (tests,
// generated/ and node_modules aside) for property reads of those extensions (raw-extension-reads.ts)
// and fails on any.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';
import { type RawRead, rawReads } from './raw-extension-reads.js';

const SOURCE = /\.(ts|cjs|mjs)$/;
/** Not source: dependencies and build output. (Tests, `*.test.ts`, may build specs with extensions; test-only support in `testing/` reads the model like everything else.) */
const SKIPPED_DIRS = new Set(['node_modules', 'generated', '.git', 'dist', 'reports', '.data']);
/** Folders that may read the extensions. */
const ALLOWED = [
  'openapi/', // the model, the lint rules and the tools that derive it
];

/** Every raw read in the source files under `root`, outside tests and the allowed folders. */
function scan(root: string): RawRead[] {
  const out: RawRead[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !ALLOWED.some((a) => `${rel}/`.startsWith(a))) walk(path);
      } else if (SOURCE.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(...rawReads(readFileSync(path, 'utf8'), rel));
    }
  };
  walk(root);
  return out;
}

describe('no raw reads of the contract extensions outside openapi/', () => {
  it('finds none in the repository', () => {
    expect(scan(repoRoot)).toEqual([]);
  });

  it.each([
    { given: "spec['x-scopes']", want: ['x-scopes'] },
    { given: 'op?.["x-rate-limit"] ?? []', want: ['x-rate-limit'] },
    { given: "spec['x-rate-limit-policies'].default", want: ['x-rate-limit-policies'] },
    { given: 'const { `x-test-values`: values } = spec', want: ['x-test-values'] },
    { given: "function f(spec: { 'x-concurrency-limits'?: Record<string, unknown> }) {}", want: ['x-concurrency-limits'] },
    {
      given: "o.op['x-body-limit'] + o.op['x-emitted-by'] + e['x-contract-probe']",
      want: ['x-body-limit', 'x-emitted-by', 'x-contract-probe'],
    },
    { given: "raw['x-codeSamples'] = []", want: [] },
    { given: "// reads spec['x-scopes'] through the model", want: [] },
    { given: " * the registry's `x-scopes`", want: [] },
    { given: "headers['x-ratelimit-limit']", want: [] },
  ])('$given → $want', ({ given, want }) => {
    expect(rawReads(given).map((r) => r.extension)).toEqual(want);
  });

  const planted = mkdtempSync(join(tmpdir(), 'raw-extensions-'));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('fails on a planted read (test-only support included), and only outside tests and the allowed folders', () => {
    const plant = (path: string, text: string) => {
      mkdirSync(join(planted, path, '..'), { recursive: true });
      writeFileSync(join(planted, path), text);
    };
    plant('server-stub/src/limits.ts', "const policies = spec['x-rate-limit-policies'];\n");
    plant('dredd/hooks.cjs', "const probe = example['x-contract-probe'];\n");
    plant('server-stub/src/limits.test.ts', "const policies = spec['x-rate-limit-policies'];\n");
    plant('docs-site/src/testing/fixture.ts', "const policies = spec['x-rate-limit-policies'];\n");
    plant('openapi/tools/model.ts', "const scopes = spec['x-scopes'];\n");
    plant('contract-tests/src/plan.ts', "const scopes = spec['x-scopes'];\n");
    plant('node_modules/x/index.ts', "const scopes = spec['x-scopes'];\n");
    expect(scan(planted)).toEqual([
      { file: 'contract-tests/src/plan.ts', line: 1, extension: 'x-scopes' },
      { file: 'docs-site/src/testing/fixture.ts', line: 1, extension: 'x-rate-limit-policies' },
      { file: 'dredd/hooks.cjs', line: 1, extension: 'x-contract-probe' },
      { file: 'server-stub/src/limits.ts', line: 1, extension: 'x-rate-limit-policies' },
    ]);
  });
});
