// Specmatic 2 (the npm package `specmatic`: a jar run by Java 17+) running its contract tests,
// generated from the spec's named examples, against a server: `specmatic test <spec> --testBaseURL
// URL`, the key in the environment variables named after the spec's security schemes (bearerAuth,
// apiKeyHeader: how Specmatic supplies real credentials), a JUnit report to count what it did. The
// spec it reads is specmaticDocument() of the bundled JSON (specmatic-spec.ts). A cold process per
// run, in a temp folder (Specmatic writes build/reports/ into its working directory).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundledJson } from '../../openapi/tools/paths.js';
import { resolveRef, type Spec } from '../../openapi/tools/spec.js';
import { specmaticDocument } from './specmatic-spec.js';

export interface SpecmaticCounts {
  /** Tests in the report (one per request Specmatic made from an example or generated input). */
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export interface SpecmaticCheckCount extends SpecmaticCounts {
  /** Tests really run: tests − skipped. */
  executed: number;
  /** What those tests checked: 3 per test (status, response headers, response body against its schema). */
  checks: number;
}

/** Sums the `<testsuite>` counts of a JUnit XML report; throws when there is none. */
export function parseJunitCounts(xml: string): SpecmaticCounts {
  const suites = [...xml.matchAll(/<testsuite\b([^>]*)>/g)];
  if (suites.length === 0) throw new Error('no <testsuite> in the JUnit report');
  const total: SpecmaticCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const [, attrs] of suites) {
    for (const name of ['tests', 'failures', 'errors', 'skipped'] as const) {
      const m = new RegExp(`\\b${name}="(\\d+)"`).exec(attrs);
      total[name] += m ? Number(m[1]) : 0;
    }
  }
  return total;
}

/**
 * What a Specmatic run checked. Each test sends one request and validates the response: its status
 * against the expected one, its headers against the response's header schemas, its body against
 * the response schema (all keys, types, formats, enums: one validation, like the suite's
 * `body-schema`). So 3 checks per test run; skipped tests check nothing.
 */
export function countSpecmaticChecks(c: SpecmaticCounts): SpecmaticCheckCount {
  const executed = Math.max(0, c.tests - c.skipped);
  return { ...c, executed, checks: executed * 3 };
}

/** The security scheme names of the spec: Specmatic reads each one's credential from an environment variable of that name. */
export function securitySchemeNames(spec: Spec): string[] {
  return Object.keys(resolveRef(spec, spec.components?.securitySchemes ?? {}) ?? {});
}

export interface SpecmaticRun extends SpecmaticCheckCount {
  wallMs: number;
  exitCode: number;
}

const jar = join(dirname(createRequire(import.meta.url).resolve('specmatic/package.json')), 'specmatic.jar');

/** One Specmatic run: writes its document, spawns java, waits, reads the JUnit report. Wall time is spawn to exit. */
export async function runSpecmatic(options: { server: string; key: string; timeoutMs: number }): Promise<SpecmaticRun> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-specmatic-'));
  try {
    const spec = JSON.parse(readFileSync(bundledJson, 'utf8')) as Spec;
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(specmaticDocument(spec)));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const scheme of securitySchemeNames(spec)) env[scheme] = options.key;
    const junitDir = join(dir, 'junit');
    const args = ['-jar', jar, 'test', file, '--testBaseURL', options.server, '--junitReportDir', junitDir];
    const started = performance.now();
    const { code, tail } = await new Promise<{ code: number; tail: string }>((resolve, reject) => {
      const child = spawn('java', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit);
      let tail = '';
      const keep = (c: Buffer) => (tail = (tail + c.toString('utf8')).slice(-4000));
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        process.removeListener('exit', killOnExit);
        reject(new Error(`Specmatic could not start (java): ${err.message}`));
      });
      child.once('exit', (c) => {
        clearTimeout(timer);
        process.removeListener('exit', killOnExit);
        resolve({ code: c ?? 1, tail });
      });
    });
    const wallMs = performance.now() - started;
    let reports: string[] = [];
    try {
      reports = readdirSync(junitDir).filter((f) => f.endsWith('.xml'));
    } catch {
      // no report folder: handled below
    }
    if (reports.length === 0)
      throw new Error(`Specmatic wrote no JUnit report (exit ${code}): ${tail.trim().split('\n').slice(-3).join(' | ')}`);
    const counts = parseJunitCounts(reports.map((f) => readFileSync(join(junitDir, f), 'utf8')).join('\n'));
    return { wallMs, exitCode: code, ...countSpecmaticChecks(counts) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
