// The installable runner, proven the way another team would use it: `npm pack` of contract-tests/,
// installed into an empty directory OUTSIDE this repository by the CI examples' own commands
// (examples.ts reads them from github-actions.yml), run against the reference stub. A healthy stub
// passes; the same command against a deliberately broken one (a fault proxy in front of the stub)
// fails with SARIF results and GitHub annotations at the operation's file:line in openapi/; the
// coverage gate fails a run below its bar and names what is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../openapi/tools/paths.js';
import { DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY } from '../../server-stub/src/config.js';
import { type StubProcess, startStubProcess } from '../../server-stub/src/testing/stub-process.js';
import { FAULTS } from '../src/testing/faults/catalogue.js';
import { startFaultProxy } from '../src/testing/faults/proxy.js';
import { githubExample, gitlabExample, type StepId } from './examples.js';

const example = githubExample();
const pkg = JSON.parse(readFileSync(join(repoRoot, 'contract-tests', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  dependencies: Record<string, string>;
};

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One of the example's commands, by bash in `cwd`, as a CI job would run it. */
function runStep(step: StepId, cwd: string, env: Record<string, string>): Promise<Ran> {
  return runShell(example.commands[step], cwd, env);
}

function runShell(command: string, cwd: string, env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    // GITHUB_* of an outer CI must not leak into a run that is not meant to be one.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('CONTRACT_')),
    );
    const child = spawn('bash', ['-c', command], { cwd, env: { ...inherited, ...example.variables, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const keys = { PARLEY_KEY: DEFAULT_ADMIN_KEY, PARLEY_OTHER_KEY: DEFAULT_OTHER_ADMIN_KEY };
const startStub = () => startStubProcess({ STUB_DB: ':memory:', STUB_WEBHOOK_ALLOW_LOOPBACK: '1', STUB_WEBHOOK_RETRY_SCALE: '0.01' });

describe('the CI examples', () => {
  it('run the same commands on GitHub Actions and GitLab, with the same variables', () => {
    const gitlab = gitlabExample();
    expect(gitlab.commands).toEqual(example.commands);
    expect(gitlab.variables).toEqual(example.variables);
  });

  it('install the version of the runner this repository packs', () => {
    expect(example.variables.PARLEY_CONTRACT_PACKAGE).toBe(`./vendor/${pkg.name}-${pkg.version}.tgz`);
  });
});

describe('the packed runner, installed outside the repository', () => {
  let work: string;
  let stub: StubProcess;
  let installed: Ran;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'parley-contract-user-'));
    mkdirSync(join(work, 'vendor'));
    const packed = spawnSync('npm', ['pack', './contract-tests', '--pack-destination', join(work, 'vendor'), '--silent'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    stub = await startStub();
    expect((await runStep('wait', work, { PARLEY_SERVER: stub.url })).code).toBe(0);
    installed = await runStep('install', work, {});
  }, 240_000);

  afterAll(async () => {
    await stub?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs from the tarball with its runtime dependencies only, and none of this repository', () => {
    expect(relative(repoRoot, work).startsWith('..')).toBe(true);
    expect(installed.code, installed.stderr).toBe(0);
    const home = join(work, '.parley-contract', 'node_modules', pkg.name);
    const shipped = readdirSync(join(home, 'dist')).sort();
    expect(shipped).toEqual(['cli.js', 'openapi.json', 'sources.json']);
    const modules = readdirSync(join(work, '.parley-contract', 'node_modules'));
    for (const dependency of Object.keys(pkg.dependencies)) expect(modules).toContain(dependency);
    for (const devOnly of ['tsx', 'esbuild', 'vitest', 'typescript', 'better-sqlite3', '@redocly']) expect(modules).not.toContain(devOnly);
  });

  it('says its version and the spec it carries', async () => {
    const { code, stdout } = await runShell('npx --prefix .parley-contract parley-contract --version', work, {});
    expect(code).toBe(0);
    const spec = JSON.parse(readFileSync(join(repoRoot, 'generated', 'openapi.json'), 'utf8'));
    expect(stdout.trim()).toBe(`${pkg.name} ${pkg.version} (spec ${spec.info.title} ${spec.info.version})`);
  });

  it('passes the contract step against the stub, meeting the example coverage bar, with every report written', async () => {
    const ran = await runStep('contract', work, { ...keys, PARLEY_SERVER: stub.url });
    expect(ran.code, `${ran.stdout.slice(-2000)}\n${ran.stderr}`).toBe(0);
    expect(ran.stdout).toMatch(/^0 failed, \d+ passed/m);
    expect(ran.stdout).toMatch(/^coverage: operations (\d+)\/\1 \(100%\)/m);
    const sarif = JSON.parse(readFileSync(join(work, 'reports', 'parley-contract.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toEqual([]);
    expect(readFileSync(join(work, 'reports', 'parley-contract.junit.xml'), 'utf8')).toMatch(/<testsuites[^>]* failures="0"/);
    expect(existsSync(join(work, 'reports', 'parley-contract.html'))).toBe(true);
  }, 180_000);

  it('fails the same step against a broken implementation: SARIF and annotations point at openapi/ file:line', async () => {
    const faultCase = FAULTS.find((f) => f.fault.id === 'drop-www-authenticate')!;
    const fresh = await startStub();
    const proxy = await startFaultProxy(fresh.url, faultCase.fault, { adminKey: DEFAULT_ADMIN_KEY, otherKey: DEFAULT_OTHER_ADMIN_KEY });
    const summary = join(work, 'step-summary.md');
    try {
      const ran = await runStep('contract', work, {
        ...keys,
        PARLEY_SERVER: proxy.url,
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summary,
      });
      expect(ran.code).toBe(1);
      const results = JSON.parse(readFileSync(join(work, 'reports', 'parley-contract.sarif'), 'utf8')).runs[0].results as Array<{
        ruleId: string;
        locations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
      }>;
      expect(results.length).toBeGreaterThan(0);
      expect(new Set(results.map((r) => r.ruleId))).toEqual(new Set(faultCase.caughtBy.slice(0, 1)));
      for (const r of results) {
        const at = r.locations![0].physicalLocation;
        expect(at.artifactLocation.uri).toMatch(/^openapi\/paths\/[a-z-]+\/\w+\.yaml$/);
        const line = readFileSync(join(repoRoot, at.artifactLocation.uri), 'utf8').split('\n')[at.region.startLine - 1];
        expect(line).toBe("  '401':");
      }
      expect(ran.stdout).toMatch(/^::error file=openapi\/paths\/[a-z-]+\/\w+\.yaml,line=\d+,title=contract%3A www-authenticate::/m);
      expect(readFileSync(summary, 'utf8')).toContain('www-authenticate');
    } finally {
      await proxy.close();
      await fresh.stop();
    }
  }, 180_000);

  it('fails a run below the coverage bar, naming what is not covered', async () => {
    const ran = await runShell(
      'npx --prefix .parley-contract parley-contract --server "$PARLEY_SERVER" --key "$PARLEY_KEY" --only "^getAccount$" --no-webhooks --min-coverage statuses=100',
      work,
      { ...keys, PARLEY_SERVER: stub.url },
    );
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/^0 failed, \d+ passed/m);
    expect(ran.stderr).toMatch(
      /^contract: statuses coverage [\d.]+% \(\d+\/\d+\) is below --min-coverage 100%; not covered: getAccount 500/m,
    );
  }, 120_000);

  it('refuses bad usage with one line and exit 2', async () => {
    const ran = await runShell(
      'npx --prefix .parley-contract parley-contract --server http://127.0.0.1:9 --key x --spec ./nowhere.yaml',
      work,
      {},
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim().split('\n')).toHaveLength(1);
    expect(ran.stderr).toMatch(/^contract: cannot read the bundled spec .*nowhere\.yaml/);
  });
});
