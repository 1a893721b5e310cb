// Reading a Specmatic run: its JUnit counts, the checks they stand for, the security scheme names it reads keys from.
import { describe, expect, it } from 'vitest';
import { countSpecmaticChecks, parseJunitCounts, securitySchemeNames } from './specmatic.js';

describe('parseJunitCounts', () => {
  const table: Array<[string, string, { tests: number; failures: number; errors: number; skipped: number }]> = [
    [
      "Specmatic 2.55's report",
      '<?xml version="1.0"?>\n<testsuite errors="0" failures="108" hostname="vm" name="Contract Tests" skipped="0" tests="238" time="62.5">\n<testcase name="a"/></testsuite>',
      { tests: 238, failures: 108, errors: 0, skipped: 0 },
    ],
    [
      'several suites are summed, a missing attribute is 0',
      '<testsuites><testsuite tests="3" failures="1"></testsuite><testsuite tests="2" skipped="1" errors="1"></testsuite></testsuites>',
      { tests: 5, failures: 1, errors: 1, skipped: 1 },
    ],
    [
      'an aborted run (one failed test)',
      '<testsuite errors="0" failures="1" skipped="0" tests="1" name="Contract Tests"></testsuite>',
      { tests: 1, failures: 1, errors: 0, skipped: 0 },
    ],
  ];
  for (const [given, xml, want] of table) it(given, () => expect(parseJunitCounts(xml)).toEqual(want));

  it('refuses a report without a testsuite', () => expect(() => parseJunitCounts('<testsuites/>')).toThrow(/no <testsuite>/));
  it('does not read <testsuites> as a testsuite', () =>
    expect(parseJunitCounts('<testsuites tests="99"><testsuite tests="2"></testsuite></testsuites>').tests).toBe(2));
});

describe('countSpecmaticChecks', () => {
  const table: Array<[string, { tests: number; failures: number; errors: number; skipped: number }, number, number]> = [
    ['3 checks per test run, failed ones included', { tests: 238, failures: 108, errors: 0, skipped: 0 }, 238, 714],
    ['skipped tests check nothing', { tests: 10, failures: 0, errors: 0, skipped: 4 }, 6, 18],
    ['no tests', { tests: 0, failures: 0, errors: 0, skipped: 0 }, 0, 0],
  ];
  for (const [given, counts, executed, checks] of table)
    it(given, () => expect(countSpecmaticChecks(counts)).toMatchObject({ executed, checks }));
});

describe('securitySchemeNames', () => {
  it('lists the schemes of the spec (the environment variables Specmatic reads)', () => {
    const spec = { components: { securitySchemes: { bearerAuth: { type: 'http' }, apiKeyHeader: { type: 'apiKey' } } } };
    expect(securitySchemeNames(spec)).toEqual(['bearerAuth', 'apiKeyHeader']);
    expect(securitySchemeNames({})).toEqual([]);
  });
});
