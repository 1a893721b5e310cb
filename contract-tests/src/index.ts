// Library entry point: run the contract suite from code (vitest suites, benchmarks).
//
//   import { run, consoleReporter } from '../contract-tests/src/index.js';
//   const result = await run({ server: 'http://127.0.0.1:4000', key, otherKey, reporters: [consoleReporter()] });
//   expect(result.summary.failed).toBe(0);
export { run, DEFAULTS, UsageError, type CaseOutcome, type RunOptions, type RunResult } from './runner.js';
export { buildPlan, PHASE, PHASE_NAMES, type Plan, type PlanOptions } from './plan/index.js';
export { CHECKS, CHECK_IDS, MOCK_CHECKS, RESPONSE_CHECKS, runChecks } from './checks/index.js';
export { PROBES } from './probes/index.js';
export { consoleReporter, htmlReport, htmlReporter, jsonReport, jsonReporter, junitReporter, junitXml } from './reporters/index.js';
export { send } from './http.js';
export { toCurl } from './curl.js';
export type * from './types.js';
