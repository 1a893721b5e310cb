// `{ summary: { passed, failed, skipped }, results: [{ operationId, example, check, status, message }] }`
// (ARCHITECTURE.md §8), with the case id, probe, observation, failures and curl as extra fields.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Json, Reporter } from '../types.js';

export function jsonReport(): { reporter: Reporter; report: () => Json } {
  const results: Json[] = [];
  let meta: Json = {};
  let summary: Json = { passed: 0, failed: 0, skipped: 0 };
  const reporter: Reporter = (event) => {
    if (event.type === 'run-start') meta = { server: event.server, profile: event.profile, seed: event.seed, generate: event.generate };
    if (event.type === 'case-end') {
      for (const r of event.results) {
        results.push({
          operationId: event.case.operationId,
          example: event.case.example,
          check: r.check,
          status: r.status,
          message: r.message ?? '',
          case: event.case.id,
          kind: event.case.kind,
          ...(event.case.probe ? { probe: event.case.probe } : {}),
          ...(r.observation ? { observation: r.observation } : {}),
          ...(r.failures ? { failures: r.failures } : {}),
          ...(r.curl ? { curl: r.curl } : {}),
        });
      }
    }
    if (event.type === 'run-end')
      summary = {
        passed: event.summary.passed,
        failed: event.summary.failed,
        skipped: event.summary.skipped,
        cases: event.summary.cases,
        ran: event.summary.ran,
        requests: event.summary.requests,
        durationMs: event.durationMs,
        coverage: event.coverage,
      };
  };
  return { reporter, report: () => ({ summary, results, ...meta }) };
}

export function jsonReporter(file: string): Reporter {
  const { reporter, report } = jsonReport();
  return (event) => {
    reporter(event);
    if (event.type === 'run-end') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(report(), null, 2)}\n`);
    }
  };
}
