// `npm run dredd -- --server URL --key KEY [--prefer] [--json FILE]` (also DREDD_SERVER, DREDD_KEY).
// Exit 0 every replayed pair passed, 1 any failure, 2 bad usage or unreachable server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runDredd } from './run.js';

const USAGE = 'usage: npm run dredd -- --server URL --key KEY [--prefer] [--json FILE]';

/** The command line's flags, or undefined (after printing the usage) when parseArgs refuses them. */
function cliFlags() {
  try {
    return parseArgs({
      options: {
        server: { type: 'string' },
        key: { type: 'string' },
        prefer: { type: 'boolean', default: false },
        json: { type: 'string' },
      },
    }).values;
  } catch (err) {
    console.error(`dredd: ${(err as Error).message}; ${USAGE}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const values = cliFlags();
  if (!values) return 2;
  const server = values.server ?? process.env.DREDD_SERVER;
  const key = values.key ?? process.env.DREDD_KEY;
  if (!server || !key) {
    console.error(`dredd: --server and --key are required; ${USAGE}`);
    return 2;
  }
  try {
    new URL(server);
  } catch {
    console.error(`dredd: --server must be a URL such as http://127.0.0.1:4000, got "${server}"`);
    return 2;
  }
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.once('SIGTERM', () => interrupt.abort());
  const run = await runDredd({ server, key, prefer: values.prefer, signal: interrupt.signal, onOutput: (line) => console.log(line) });
  if (run.exitCode === 2) {
    console.error(`dredd: nothing answers at ${server}; start the implementation first (npm run stub, npm run mock)`);
    return 2;
  }
  const skipped = run.results.filter((r) => r.result === 'skip');
  const reasons = new Map<string, number>();
  for (const r of skipped) reasons.set(r.message, (reasons.get(r.message) ?? 0) + 1);
  console.log('\nSkipped, with the reason:');
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)} × ${reason}`);
  for (const r of run.results.filter((x) => x.result === 'fail'))
    console.log(`FAIL ${r.operationId} ${r.status} ${r.example}: ${r.message.split('\n')[0]}`);
  if (values.json) {
    mkdirSync(dirname(values.json), { recursive: true });
    writeFileSync(values.json, JSON.stringify({ summary: run.summary, results: run.results }, null, 1));
  }
  const { passed, failed, skipped: nSkipped } = run.summary;
  console.log(`\nDredd: ${passed} passed, ${failed} failed, ${nSkipped} skipped (Dredd exit ${run.dreddExitCode})`);
  return run.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`dredd: ${(err as Error).message}`);
    process.exit(1);
  },
);
