// The CLI: exit codes (0 ok or major bump, 1 unaccepted break, 2 bad input in one line), formats
// (text, JSON, GitHub annotations) and the Markdown changelog.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../spec.js';
import { main } from './cli.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parley-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
/** The CLI in-process (each spawn of tsx costs about a second); one case below goes through a real process. */
const run = async (args: string[], env: Record<string, string> = {}): Promise<Run> => {
  let stdout = '';
  let stderr = '';
  const code = main(args, { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`), env: { GITHUB_ACTIONS: '', ...env } });
  return { code, stdout, stderr };
};

const spawned = (args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, GITHUB_ACTIONS: '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });

const real = loadSpec();
const write = (name: string, spec: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(spec));
  return file;
};
const base = write('base.json', real);
const broken = structuredClone(real);
delete broken.paths['/v1/agents'].post.requestBody.content['application/json'].schema.properties.phone_number_id;
const head = write('head.json', broken);
const bumped = write('bumped.json', { ...structuredClone(broken), info: { ...broken.info, version: '2.0.0' } });
const notSpec = write('not-a-spec.json', { hello: 'world' });

describe.concurrent('npm run diff', () => {
  it('exit 1 on a breaking change with the same major, 0 once the major went up; text, JSON, GitHub and the changelog', async () => {
    const changelog = join(dir, 'CHANGELOG.md');
    const [text, json, github, auto, major] = await Promise.all([
      run(['--base', base, '--head', head, '--changelog', changelog]),
      run(['--base', base, '--head', head, '--format', 'json']),
      run(['--base', base, '--head', head, '--format', 'github']),
      run(['--base', base, '--head', head], { GITHUB_ACTIONS: 'true' }),
      run(['--base', base, '--head', bumped]),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/request-property-removed {2}openapi\/paths\/agents\/createAgent\.yaml:\d+ {2}createAgent/);
    expect(text.stdout).toMatch(/^FAIL: 1 breaking change/m);
    expect(readFileSync(changelog, 'utf8')).toMatch(/### Breaking \(1\)\n\n- `request-property-removed`: createAgent/);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.failed).toBe(true);
    expect(parsed.changes.map((c: { rule: string }) => c.rule)).toEqual(['request-property-removed']);
    expect(parsed.changes[0].location.file).toBe('openapi/paths/agents/createAgent.yaml');
    for (const r of [github, auto]) {
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n')[0]).toMatch(
        /^::error file=openapi\/paths\/agents\/createAgent\.yaml,line=\d+,title=request-property-removed::createAgent /,
      );
    }
    expect(major.code).toBe(0);
    expect(major.stdout).toMatch(/major version went up/);
  });

  it('exit 0 on no change against a git ref (HEAD)', async () => {
    const r = await run(['--base', 'HEAD', '--head', base]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it.each([
    { name: 'an unknown ref', args: ['--base', 'no-such-ref-xyz'], want: /neither a file nor a git ref/ },
    { name: 'an unreadable file', args: ['--base', dir], want: /cannot read it/ },
    { name: 'not a spec', args: ['--base', notSpec], want: /not an OpenAPI 3 document/ },
    { name: 'no --base', args: [], want: /--base <git ref \| file> is required/ },
    { name: 'an unknown option', args: ['--bse', 'HEAD'], want: /Unknown option/ },
    { name: 'an unknown format', args: ['--base', base, '--format', 'xml'], want: /one of text, json, github/ },
  ])('exit 2 and one line for $name', async ({ args, want }) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(want);
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('runs as a command: a breaking change is exit 1, bad input one line on stderr and exit 2', async () => {
    const [breaking, bad] = await Promise.all([spawned(['--base', base, '--head', head]), spawned(['--base', notSpec])]);
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toMatch(/^FAIL: 1 breaking change/m);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^diff: .*not an OpenAPI 3 document/)]);
  });
});
