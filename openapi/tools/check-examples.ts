// `npm run lint` step: validates every example of the bundled spec (see example-validity.ts).
import { bundleSpec } from './bundle.js';
import { exampleProblems } from './example-validity.js';

try {
  const { problems, checked } = exampleProblems(await bundleSpec());
  for (const p of problems) console.error(`${p.operationId} › ${p.example} › ${p.where}: ${p.message}`);
  console.log(`examples: ${checked} checked, ${problems.length} invalid`);
  process.exit(problems.length ? 1 : 0);
} catch (err) {
  console.error(`check-examples: ${(err as Error).message}`);
  process.exit(2);
}
