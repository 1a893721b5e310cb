// The generate step and the runner's plan on one spec, timed in a cold process of its own
// (growth.ts spawns one per spec size), so neither size profits from the other's warmed-up JIT or
// caches. Prints one JSON line: { generateMs, planMs } — each step's own time, measured after its
// modules have loaded.
//   growth-worker.ts SPEC.json OUTDIR
//     generate: bundle + JSON + YAML + types (npm run generate's steps, generatedFiles()), written to OUTDIR
//     plan: the runner's plan (as `npm run contract -- --dry-run --spec SPEC --other-key …`)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [spec, out] = process.argv.slice(2);
if (!spec || !out) {
  process.stderr.write('usage: growth-worker.ts SPEC OUTDIR\n');
  process.exit(2);
}
const [{ generatedFiles }, { buildPlan }, { DEFAULTS }, { loadSpecFrom }] = await Promise.all([
  import('../../openapi/tools/generate.js'),
  import('../../contract-tests/src/plan/index.js'),
  import('../../contract-tests/src/runner.js'),
  import('../../contract-tests/src/spec-source.js'),
]);

let started = performance.now();
const { files } = await generatedFiles(spec);
mkdirSync(out, { recursive: true });
for (const [name, content] of Object.entries(files)) writeFileSync(join(out, name), content);
const generateMs = performance.now() - started;

started = performance.now();
const loaded = await loadSpecFrom(spec);
const plan = buildPlan(loaded, { profile: 'full', otherKey: true, seed: 1, generate: DEFAULTS.generate, webhooks: true });
if (plan.cases.length === 0) throw new Error('the plan is empty');
const planMs = performance.now() - started;

process.stdout.write(`${JSON.stringify({ generateMs, planMs })}\n`);
