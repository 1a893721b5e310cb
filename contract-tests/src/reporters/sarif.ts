// SARIF 2.1.0 for code scanning: one rule per check (its id is the rule id, stable across runs),
// one result per failed check of a case, located at the operation's file and the line of the
// documented status in openapi/ when the split sources are at hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { operationSource, type SourceLocation } from '../../../openapi/tools/sources.js';
import { checkById } from '../checks/index.js';
import type { CaseSummary, CheckResult, Reporter } from '../types.js';

export interface SarifInput {
  checks: string[];
  failures: Array<{ c: CaseSummary; r: CheckResult }>;
  sourceOf?: (operationId: string, status: string) => SourceLocation | undefined;
}

export function sarifLog(input: SarifInput): Record<string, unknown> {
  const sourceOf = input.sourceOf ?? operationSource;
  const rules = input.checks.map((id) => ({
    id,
    name: id,
    shortDescription: { text: checkById(id)?.title ?? id },
    defaultConfiguration: { level: 'error' },
  }));
  const results = input.failures.map(({ c, r }) => {
    const at = sourceOf(c.operationId, c.status);
    return {
      ruleId: r.check,
      ruleIndex: input.checks.indexOf(r.check),
      level: 'error',
      message: { text: `${c.id}${r.observation ? ` (${r.observation})` : ''}: ${r.message ?? 'failed'}${r.curl ? `\n${r.curl}` : ''}` },
      ...(at ? { locations: [{ physicalLocation: { artifactLocation: { uri: at.file }, region: { startLine: at.line } } }] } : {}),
      // The same failure of the same case is one alert across runs.
      partialFingerprints: { caseCheck: `${c.id}|${r.check}|${r.observation ?? ''}` },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'parley-contract', informationUri: 'https://docs.parley.dev', rules } }, results }],
  };
}

export function sarifReporter(file: string): Reporter {
  let checks: string[] = [];
  const failures: SarifInput['failures'] = [];
  return (event) => {
    if (event.type === 'run-start') checks = event.checks;
    if (event.type === 'case-end') for (const r of event.results) if (r.status === 'failed') failures.push({ c: event.case, r });
    if (event.type === 'run-end') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(sarifLog({ checks, failures }), null, 2)}\n`);
    }
  };
}
