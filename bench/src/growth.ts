// Growth: the same steps on our spec and on generated specs k times its size (spec-multiplier.ts),
// in cold processes: the generate step (bundle, JSON, YAML and types, as `npm run generate`, on the
// bundled spec written to a temp file) then the runner's plan, both in growth-worker.ts; the stub's
// start-up to the first 200 on GET /v1/account and its RSS then (stub-on-spec.ts). Factors run in
// turn, smallest first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledJson, repoRoot } from '../../openapi/tools/paths.js';
import type { Spec } from '../../openapi/tools/spec.js';
import { memoryOf } from './proc-stats.js';
import { spawnNodeServer } from './servers.js';
import { multiplySpec, operationCount } from './spec-multiplier.js';

export interface GrowthSample {
  factor: number;
  operations: number;
  /** Bytes of the bundled JSON. */
  specBytes: number;
  generateMs: number;
  stubStartMs: number;
  /** VmRSS of the stub once it answered, KiB. */
  stubRssKiB: number;
  planMs: number;
}

export interface GrowthResult {
  samples: GrowthSample[];
}

function worker(args: string[], timeoutMs: number): Promise<{ generateMs: number; planMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/src/growth-worker.ts'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        if (code !== 0) throw new Error();
        resolve(JSON.parse(line) as { generateMs: number; planMs: number });
      } catch {
        reject(new Error(`growth-worker failed (exit ${code}): ${err.trim().split('\n').slice(-2).join(' | ')}`));
      }
    });
  });
}

export async function measureGrowth(
  factors: readonly number[],
  auth: Record<string, string>,
  say: (line: string) => void,
): Promise<GrowthResult> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-growth-'));
  try {
    const spec = JSON.parse(readFileSync(bundledJson, 'utf8')) as Spec;
    const samples: GrowthSample[] = [];
    for (const factor of [...factors].sort((a, b) => a - b)) {
      const big = multiplySpec(spec, factor);
      const file = join(dir, `openapi-x${factor}.json`);
      const text = JSON.stringify(big, null, 2);
      writeFileSync(file, text);
      const { generateMs, planMs } = await worker([file, join(dir, `generated-x${factor}`)], 300_000);
      const stub = await spawnNodeServer(
        `stub on the ${factor}x spec`,
        ['--import', 'tsx', 'bench/src/stub-on-spec.ts'],
        { BENCH_SPEC: file, NODE_ENV: 'production', STUB_DB: ':memory:' },
        { path: '/v1/account', headers: auth },
      );
      const stubRssKiB = memoryOf(stub.pid).rss;
      await stub.stop();
      const sample: GrowthSample = {
        factor,
        operations: operationCount(big),
        specBytes: Buffer.byteLength(text),
        generateMs,
        stubStartMs: stub.startMs,
        stubRssKiB,
        planMs,
      };
      samples.push(sample);
      say(
        `growth ${factor}x (${sample.operations} operations): generate ${(generateMs / 1000).toFixed(2)} s, stub start-up ${(stub.startMs / 1000).toFixed(2)} s at ${(stubRssKiB / 1024).toFixed(0)} MiB, plan ${(planMs / 1000).toFixed(2)} s`,
      );
    }
    return { samples };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
