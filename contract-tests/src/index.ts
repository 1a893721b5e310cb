// Library entry point: run the contract suite from code (vitest suites, benchmarks).
//
//   import { run, consoleReporter } from '../contract-tests/src/index.js';
//   const result = await run({ server: 'http://127.0.0.1:4000', key, otherKey, reporters: [consoleReporter()] });
//   expect(result.summary.failed).toBe(0);

export { checkById, checkIds, MOCK_CHECKS, RESPONSE_CHECKS, runChecks } from './checks/index.js';
export { toCurl } from './curl.js';
export { send } from './http.js';
export { buildPlan, PHASE, PHASE_NAMES, type Plan, type PlanOptions } from './plan/index.js';
export { PROBES, probeById } from './probes/index.js';
export { consoleReporter, htmlReport, htmlReporter, jsonReport, jsonReporter, junitReporter, junitXml } from './reporters/index.js';
export { type CaseOutcome, DEFAULTS, type RunOptions, type RunResult, run, UsageError } from './runner.js';
export type * from './types.js';
