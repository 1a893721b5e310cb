// CI-native output located in openapi/: a GitHub annotation and a SARIF result name the
// operation's file and the status line, escape what workflow commands need escaped, and use the
// check id as the stable rule id.
import { describe, expect, it } from 'vitest';
import { operationSource } from '../../../openapi/tools/sources.js';
import type { CaseSummary, CheckResult } from '../types.js';
import { annotation } from './github.js';
import { sarifLog } from './sarif.js';

const c: CaseSummary = {
  id: 'getAgent agent',
  kind: 'example',
  operationId: 'getAgent',
  method: 'get',
  path: '/v1/agents/{agent_id}',
  example: 'agent',
  status: '200',
};
const r: CheckResult = {
  check: 'body-schema',
  status: 'failed',
  message: '/name: 100% wrong, really',
  curl: 'curl -sS "http://x/v1/agents/agt_1"',
};

describe('annotation', () => {
  it('points at the file and line, escaping properties and data', () => {
    expect(annotation(c, r, { file: 'openapi/paths/agents/getAgent.yaml', line: 26 })).toBe(
      '::error file=openapi/paths/agents/getAgent.yaml,line=26,title=contract%3A body-schema::getAgent agent: /name: 100%25 wrong, really%0Acurl -sS "http://x/v1/agents/agt_1"\n',
    );
  });

  it('leaves the location out when the sources are not at hand', () => {
    expect(annotation(c, { ...r, curl: undefined }, undefined)).toBe(
      '::error title=contract%3A body-schema::getAgent agent: /name: 100%25 wrong, really\n',
    );
  });
});

describe('sarifLog', () => {
  it('has one rule per check and one located result per failure, ruled by the check id', () => {
    const log = sarifLog({ checks: ['status-code', 'body-schema'], failures: [{ c, r }] }) as any;
    expect(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['status-code', 'body-schema']);
    const [result] = log.runs[0].results;
    expect(result).toMatchObject({ ruleId: 'body-schema', ruleIndex: 1, level: 'error' });
    const at = operationSource('getAgent', '200')!;
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: at.file }, region: { startLine: at.line } });
    expect(at.line).toBeGreaterThan(1);
  });
});
