import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Config, createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { README, SECTIONS } from './conventions.js';
import parleyPlugin, { rules } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixture = join(here, '__fixtures__', 'valid.yaml');
const valid = YAML.parse(readFileSync(fixture, 'utf8'));
// The fixtures are free-form YAML that the cases reach into at any depth.
type Doc = Record<string, any>;

// One config per rule, with the plugin loaded from code: only that rule is on.
const configs = new Map<string, Promise<Config>>();
const configFor = (rule: string) => {
  if (!configs.has(rule)) configs.set(rule, createConfig({ plugins: [parleyPlugin()], rules: { [`parley/${rule}`]: 'error' } }));
  return configs.get(rule)!;
};

/** Lints `doc` in-process with only `rule` enabled and returns that rule's problems. */
async function lint(doc: Doc, rule: string): Promise<NormalizedProblem[]> {
  const problems = await lintFromString({ source: YAML.stringify(doc), absoluteRef: fixture, config: await configFor(rule) });
  return problems.filter((p) => p.ruleId === `parley/${rule}`);
}

const op = (d: Doc) => d.paths['/v1/things'].get;
const page = (d: Doc) => op(d).responses['200'].content['application/json'];
const shared = (d: Doc, name: string) => d.components.responses[name];
const problemExample = (response: Doc, name: string) => response.content['application/problem+json'].examples[name];
const hook = (d: Doc) => d.webhooks['thing.listed'].post;
const clone = (): Doc => structuredClone(valid);
const both = (scope: string) => [{ bearerAuth: [scope] }, { apiKeyHeader: [scope] }];

interface Case {
  rule: string;
  given: string;
  mutate: (d: Doc) => void;
  want: string;
}
// given: the valid fixture with one thing broken; want: the rule names that thing.
const failing: Case[] = [
  {
    rule: 'operation-scopes',
    given: 'only the Bearer scheme',
    mutate: (d) => (op(d).security = [{ bearerAuth: ['things:read'] }]),
    want: 'exactly bearerAuth and apiKeyHeader',
  },
  {
    rule: 'operation-scopes',
    given: 'no scope',
    mutate: (d) => (op(d).security = [{ bearerAuth: [] }, { apiKeyHeader: [] }]),
    want: 'at least one scope',
  },
  {
    rule: 'operation-scopes',
    given: 'different scopes per scheme',
    mutate: (d) => (op(d).security[1] = { apiKeyHeader: ['other'] }),
    want: 'same scopes',
  },
  {
    rule: 'scopes-registry',
    given: 'an undeclared scope',
    mutate: (d) => (op(d).security = both('things:write')),
    want: '"things:write" is not declared',
  },
  {
    rule: 'scopes-registry',
    given: 'a declared scope nobody uses',
    mutate: (d) => (d['x-scopes']['things:write'] = 'Write things.'),
    want: '"things:write" is declared in x-scopes but no operation',
  },
  {
    rule: 'response-examples',
    given: 'a response with a bare `example`',
    mutate: (d) => {
      page(d).example = page(d).examples.page.value;
      delete page(d).examples;
    },
    want: 'needs at least one named example',
  },
  {
    rule: 'example-pairing',
    given: 'a request example without a response',
    mutate: (d) => (op(d).parameters[1].examples = { orphan: { value: 'x' } }),
    want: 'Request example "orphan" has no response example',
  },
  {
    rule: 'example-pairing',
    given: 'two response examples nothing names',
    mutate: (d) => (page(d).examples.other = { value: {} }),
    want: 'has no request example of the same name',
  },
  {
    rule: 'example-pairing',
    given: 'an unknown probe id',
    mutate: (d) => (problemExample(shared(d, 'Unauthorized'), 'missing-key')['x-contract-probe'] = 'telepathy'),
    want: 'unknown x-contract-probe "telepathy"',
  },
  {
    rule: 'rate-limit-headers',
    given: 'a 422 without RateLimit',
    mutate: (d) => (shared(d, 'Invalid').headers = { 'X-Request-Id': { schema: { type: 'string' } } }),
    want: 'missing X-RateLimit-Limit',
  },
  {
    rule: 'rate-limit-headers',
    given: 'a 503 without X-Request-Id',
    mutate: (d) => delete shared(d, 'Unavailable').headers['X-Request-Id'],
    want: 'Response 503 must declare X-Request-Id',
  },
  {
    rule: 'rate-limit-headers',
    given: 'a 401 without X-Request-Id',
    mutate: (d) => delete shared(d, 'Unauthorized').headers['X-Request-Id'],
    want: 'must declare X-Request-Id',
  },
  {
    rule: 'rate-limit-declared',
    given: 'no x-rate-limit',
    mutate: (d) => delete op(d)['x-rate-limit'],
    want: 'must declare `x-rate-limit`',
  },
  {
    rule: 'rate-limit-declared',
    given: 'an undeclared policy',
    mutate: (d) => (op(d)['x-rate-limit'] = ['default', 'turbo']),
    want: '"turbo", which x-rate-limit-policies does not declare',
  },
  {
    rule: 'shared-error-responses',
    given: 'an inline 422',
    mutate: (d) => (op(d).responses['422'] = shared(d, 'Invalid')),
    want: 'must be a $ref to a shared response',
  },
  {
    rule: 'shared-error-responses',
    given: 'an error served as application/json',
    mutate: (d) => {
      const r = shared(d, 'Invalid');
      r.content = { 'application/json': r.content['application/problem+json'] };
    },
    want: 'exactly application/problem+json',
  },
  {
    rule: 'paginated-lists',
    given: 'a list without starting_after',
    mutate: (d) => op(d).parameters.pop(),
    want: 'pagination parameters starting_after',
  },
  {
    rule: 'paginated-lists',
    given: 'a list without next_cursor',
    mutate: (d) => (d.components.schemas.ThingList.required = ['data', 'has_more']),
    want: 'missing next_cursor',
  },
  {
    rule: 'idempotent-operations',
    given: 'Idempotency-Key without the rest of the contract',
    mutate: (d) => op(d).parameters.push({ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }),
    want: 'only POST operations take Idempotency-Key',
  },
  {
    rule: 'test-values-documented',
    given: 'a magic value no description mentions',
    mutate: (d) => (op(d).description = 'Lists things.'),
    want: 'is not described',
  },
  {
    rule: 'test-values-documented',
    given: 'a magic value no example uses',
    mutate: (d) => (page(d).examples.page.value.data = []),
    want: 'is not used by any example',
  },
  {
    rule: 'webhook-emitters',
    given: 'an event without x-emitted-by',
    mutate: (d) => delete hook(d)['x-emitted-by'],
    want: 'thing.listed must declare `x-emitted-by`',
  },
  {
    rule: 'webhook-emitters',
    given: 'an empty x-emitted-by',
    mutate: (d) => (hook(d)['x-emitted-by'] = []),
    want: 'thing.listed must declare `x-emitted-by`',
  },
  {
    rule: 'webhook-emitters',
    given: 'an unknown operation',
    mutate: (d) => (hook(d)['x-emitted-by'] = ['listThings', 'makeThings']),
    want: '"makeThings", which no operation under paths has',
  },
  {
    rule: 'webhook-headers',
    given: 'an event without webhook-signature',
    mutate: (d) => (hook(d).parameters = hook(d).parameters.filter((p: { name: string }) => p.name !== 'webhook-signature')),
    want: 'thing.listed must document the `webhook-signature` header',
  },
  {
    rule: 'webhook-headers',
    given: 'an optional webhook-id',
    mutate: (d) => (hook(d).parameters[0].required = false),
    want: 'the `webhook-id` header parameter must be `required: true`',
  },
  {
    rule: 'webhook-emitters',
    given: 'a webhook named as its own emitter',
    mutate: (d) => (hook(d)['x-emitted-by'] = ['webhookThingListed']),
    want: '"webhookThingListed", which no operation',
  },
];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const readme = readFileSync(join(root, README), 'utf8');
const anchors = new Set(
  readme
    .split('\n')
    .flatMap((line) => /^#{1,6}\s+(.+)$/.exec(line)?.[1] ?? [])
    .map(anchorOf),
);

describe('conventions', () => {
  it.each([
    { given: 'Lists', want: 'lists' },
    { given: 'Rate limits', want: 'rate-limits' },
    { given: 'Examples are test cases', want: 'examples-are-test-cases' },
    { given: 'Conventions (enforced by `npm run lint:spec`)', want: 'conventions-enforced-by-npm-run-lintspec' },
  ])('the anchor of "$given" is #$want', ({ given, want }) => {
    expect(anchorOf(given)).toBe(want);
  });

  it(`every section a rule links to is a heading of ${README}`, () => {
    expect(SECTIONS.filter((s) => !anchors.has(s))).toEqual([]);
  });

  it(`every registered rule is listed in ${README}'s Lint section`, () => {
    const lint = readme.slice(readme.indexOf('\n## Lint'));
    expect(Object.keys(rules).filter((id) => !lint.includes(`\`parley/${id}\``))).toEqual([]);
  });
});

describe.concurrent('parley lint rules (in-process)', () => {
  it('every registered rule has a failing case', () => {
    expect(new Set(failing.map((c) => c.rule))).toEqual(new Set(Object.keys(rules)));
  });

  it.each(Object.keys(rules))('%s passes the valid fixture', async (rule) => {
    expect((await lint(clone(), rule)).map((p) => p.message)).toEqual([]);
  });

  it.each(failing)('$rule flags $given', async ({ rule, mutate, want }) => {
    const doc = clone();
    mutate(doc);
    const problems = await lint(doc, rule);
    const messages = problems.map((p) => p.message);
    expect(
      messages.some((m) => m.includes(want)),
      `got: ${JSON.stringify(messages)}`,
    ).toBe(true);
    for (const p of problems) {
      const link = /\(see (openapi\/README\.md#([a-z0-9-]+))\)$/.exec(p.message);
      expect(link, `no README link at the end of: ${p.message}`).not.toBeNull();
      expect(anchors.has(link![2]), `${link![1]} is not a heading of ${README}`).toBe(true);
      expect(p.reference).toBe(link![1]);
    }
  });
});

/** One API's report in the CLI's `--format json` output (one JSON document per linted file). */
interface CliReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; message: string; location: Array<{ source: { ref: string } }> }>;
}
const cliReports = (stdout: string): CliReport[] =>
  stdout
    .slice(stdout.indexOf('{'))
    .split(/(?<=^\})(?=\{)/m)
    .map((doc) => JSON.parse(doc) as CliReport);

describe('the Redocly CLI', () => {
  // The one run through the real CLI: it loads the plugin from redocly.yaml (a .ts file, via tsx)
  // and lints the real spec and, in the same run, a broken fixture, so "0 problems" cannot mean
  // "the plugin never ran".
  it('loads the plugin: the real spec has 0 problems and a broken fixture has the expected one', async () => {
    const broken = clone();
    delete hook(broken)['x-emitted-by'];
    const brokenFile = join(mkdtempSync(join(tmpdir(), 'parley-rules-')), 'broken.yaml');
    writeFileSync(brokenFile, YAML.stringify(broken));
    const cli = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const files = ['openapi/openapi.yaml', brokenFile];
    const args = ['--import', 'tsx', cli, 'lint', ...files, '--config', 'openapi/redocly.yaml', '--format', 'json'];
    const out = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 1 << 24 }).catch((e: { stdout?: string }) => e);
    const [spec, fixtureReport] = cliReports(String(out.stdout));
    expect(spec.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(spec.totals).toMatchObject({ errors: 0, warnings: 0 });
    const parley = fixtureReport.problems.filter((p) => p.ruleId.startsWith('parley/'));
    expect(parley.map((p) => p.ruleId)).toEqual(['parley/webhook-emitters']);
    expect(resolve(root, parley[0].location[0].source.ref)).toBe(brokenFile);
  });
});
