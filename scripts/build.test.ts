// `npm run build` and the stub's launcher: each bundle imports only what its package installs in
// production (no TypeScript loader, no dev dependency), the packaged runner carries the spec and the
// source index, and `NODE_ENV=production npm run stub` runs the build, rebuilding a stale one first,
// while development keeps the TypeScript sources.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledJson, repoRoot } from '../openapi/tools/paths.js';
import { readSourceIndex } from '../openapi/tools/sources.js';
import { BUNDLES, buildAll, readBuildMeta } from './build.js';

const bundle = (name: string) => BUNDLES.find((b) => b.name === name)!;

const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const runnerPackage = JSON.parse(readFileSync(join(repoRoot, 'contract-tests', 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
};

beforeAll(async () => {
  await buildAll();
}, 120_000);

describe('npm run build', () => {
  it('gives the stub a bundle that imports only the production dependencies', () => {
    const imported = readBuildMeta(bundle('stub')).packages;
    expect(imported.length).toBeGreaterThan(3);
    for (const name of imported) expect(Object.keys(rootPackage.dependencies), name).toContain(name);
    expect(imported).not.toContain('tsx');
  });

  it('gives the runner one file that imports only what its package.json installs, beside the spec and the source index', () => {
    const cli = join(repoRoot, 'contract-tests', 'dist', 'cli.js');
    expect(runnerPackage.bin['parley-contract']).toBe('dist/cli.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(readBuildMeta(bundle('runner')).packages).toEqual(Object.keys(runnerPackage.dependencies).sort());
    expect(readFileSync(join(repoRoot, 'contract-tests', 'dist', 'openapi.json'), 'utf8')).toBe(readFileSync(bundledJson, 'utf8'));
    expect(JSON.parse(readFileSync(join(repoRoot, 'contract-tests', 'dist', 'sources.json'), 'utf8'))).toEqual(readSourceIndex());
    // Run by its path (not through the bin's symlink) it still runs the CLI once: one answer, not two.
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^parley-contract \S+ \(spec /)]);
    for (const b of BUNDLES.filter((x) => x.name === 'runner'))
      expect(runnerPackage.files).toContain(b.outFile.replace('contract-tests/', ''));
  });

  it('refuses an unknown bundle by name', async () => {
    await expect(buildAll(['nope'])).rejects.toThrow(/no bundle named nope \(known: stub, bench-bare, runner\)/);
  });
});

interface Launched {
  code: number | null;
  stderr: string;
  listening?: Record<string, unknown>;
}

/** `npm run stub`'s launcher until it listens (then SIGTERM) or exits. */
function launch(env: Record<string, string>): Promise<Launched> {
  return new Promise((resolve) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STUB_') && k !== 'NODE_ENV'));
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'stub.mjs')], {
      cwd: repoRoot,
      env: { ...inherited, HOST: '127.0.0.1', PORT: '0', STUB_DB: ':memory:', ...env },
    });
    let stdout = '';
    let stderr = '';
    let listening: Record<string, unknown> | undefined;
    child.stdout.on('data', (c) => {
      stdout += c;
      const line = stdout.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line && !listening) {
        listening = JSON.parse(line);
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stderr, listening }));
  });
}

describe('npm run stub', () => {
  it('runs the plain JavaScript build in production, rebuilding it first when a source is newer', async () => {
    const main = join(repoRoot, 'server-stub', 'dist', 'main.js');
    const longAgo = new Date(Date.now() - 365 * 86_400_000);
    utimesSync(main, longAgo, longAgo);
    const stale = await launch({ NODE_ENV: 'production' });
    expect(stale.stderr).toMatch(/^stub: building, since .* changed after the build$/m);
    expect(stale.listening).toMatchObject({ code: 'build', response_validation: false });
    expect(stale.code).toBe(0);
    const current = await launch({ NODE_ENV: 'production' });
    expect(current.stderr).not.toMatch(/building/);
    expect(current.listening).toMatchObject({ code: 'build' });
  }, 120_000);

  it('runs the TypeScript sources otherwise', async () => {
    const dev = await launch({ NODE_ENV: 'development' });
    expect(dev.listening).toMatchObject({ code: 'typescript' });
    expect(dev.code).toBe(0);
  }, 60_000);
});
