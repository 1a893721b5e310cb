import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { rules } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const valid = YAML.parse(readFileSync(join(here, '__fixtures__', 'valid.yaml'), 'utf8'));
const run = promisify(execFile);
type Doc = Record<string, any>;

/** Lints `doc` with only `rule` enabled, through the real Redocly CLI, and returns its messages. */
async function lint(doc: Doc, rule: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-rule-'));
  writeFileSync(join(dir, 'spec.yaml'), YAML.stringify(doc));
  writeFileSync(join(dir, 'redocly.yaml'), YAML.stringify({ plugins: [join(here, 'index.ts')], rules: { [`parley/${rule}`]: 'error' } }));
  const cli = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const out = await run(process.execPath, ['--import', 'tsx', cli, 'lint', join(dir, 'spec.yaml'), '--config', join(dir, 'redocly.yaml'), '--format', 'json'], { cwd: root, maxBuffer: 1 << 24 }).catch((e) => e);
  const json = JSON.parse(String(out.stdout).slice(String(out.stdout).indexOf('{')));
  return json.problems.filter((p: Doc) => p.ruleId === `parley/${rule}`).map((p: Doc) => p.message);
}

const op = (d: Doc) => d.paths['/v1/things'].get;
const clone = (): Doc => structuredClone(valid);

// given: the valid fixture with one thing broken; want: the rule names that thing.
const failing: Array<{ rule: string; given: string; mutate: (d: Doc) => void; want: string }> = [
  { rule: 'operation-scopes', given: 'only the Bearer scheme', mutate: (d) => (op(d).security = [{ bearerAuth: ['things:read'] }]), want: 'exactly bearerAuth and apiKeyHeader' },
  { rule: 'operation-scopes', given: 'no scope', mutate: (d) => (op(d).security = [{ bearerAuth: [] }, { apiKeyHeader: [] }]), want: 'at least one scope' },
  { rule: 'operation-scopes', given: 'different scopes per scheme', mutate: (d) => (op(d).security[1] = { apiKeyHeader: ['other'] }), want: 'same scopes' },
  { rule: 'scopes-registry', given: 'an undeclared scope', mutate: (d) => (op(d).security = [{ bearerAuth: ['things:write'] }, { apiKeyHeader: ['things:write'] }]), want: '"things:write" is not declared' },
  { rule: 'scopes-registry', given: 'a declared scope nobody uses', mutate: (d) => (d['x-scopes']['things:write'] = 'Write things.'), want: '"things:write" is declared in x-scopes but no operation' },
  { rule: 'response-examples', given: 'a response with a bare `example`', mutate: (d) => { const m = op(d).responses['200'].content['application/json']; m.example = m.examples.page.value; delete m.examples; }, want: 'needs at least one named example' },
  { rule: 'example-pairing', given: 'a request example without a response', mutate: (d) => (op(d).parameters[1].examples = { orphan: { value: 'x' } }), want: 'Request example "orphan" has no response example' },
  { rule: 'example-pairing', given: 'two response examples nothing names', mutate: (d) => (op(d).responses['200'].content['application/json'].examples.other = { value: {} }), want: 'has no request example of the same name' },
  { rule: 'example-pairing', given: 'an unknown probe id', mutate: (d) => (d.components.responses.Unauthorized.content['application/problem+json'].examples['missing-key']['x-contract-probe'] = 'telepathy'), want: 'unknown x-contract-probe "telepathy"' },
  { rule: 'rate-limit-headers', given: 'a 422 without RateLimit', mutate: (d) => (d.components.responses.Invalid.headers = { 'X-Request-Id': { schema: { type: 'string' } } }), want: 'missing X-RateLimit-Limit' },
  { rule: 'rate-limit-headers', given: 'a 401 without X-Request-Id', mutate: (d) => delete d.components.responses.Unauthorized.headers['X-Request-Id'], want: 'must declare X-Request-Id' },
  { rule: 'rate-limit-declared', given: 'no x-rate-limit', mutate: (d) => delete op(d)['x-rate-limit'], want: 'must declare `x-rate-limit`' },
  { rule: 'rate-limit-declared', given: 'an undeclared policy', mutate: (d) => (op(d)['x-rate-limit'] = ['default', 'turbo']), want: '"turbo", which x-rate-limit-policies does not declare' },
  { rule: 'shared-error-responses', given: 'an inline 422', mutate: (d) => (op(d).responses['422'] = d.components.responses.Invalid), want: 'must be a $ref to a shared response' },
  { rule: 'shared-error-responses', given: 'an error served as application/json', mutate: (d) => { const r = d.components.responses.Invalid; r.content = { 'application/json': r.content['application/problem+json'] }; }, want: 'exactly application/problem+json' },
  { rule: 'paginated-lists', given: 'a list without starting_after', mutate: (d) => op(d).parameters.pop(), want: 'pagination parameters starting_after' },
  { rule: 'paginated-lists', given: 'a list without next_cursor', mutate: (d) => (d.components.schemas.ThingList.required = ['data', 'has_more']), want: 'missing next_cursor' },
  { rule: 'idempotent-operations', given: 'Idempotency-Key without the rest of the contract', mutate: (d) => op(d).parameters.push({ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }), want: 'only POST operations take Idempotency-Key' },
  { rule: 'test-values-documented', given: 'a magic value no description mentions', mutate: (d) => (op(d).description = 'Lists things.'), want: 'is not described' },
  { rule: 'test-values-documented', given: 'a magic value no example uses', mutate: (d) => (op(d).responses['200'].content['application/json'].examples.page.value.data = []), want: 'is not used by any example' },
];

describe.concurrent('parley lint rules', () => {
  it('every registered rule has a failing case', () => {
    expect(new Set(failing.map((c) => c.rule))).toEqual(new Set(Object.keys(rules)));
  });

  it.each(Object.keys(rules))('%s passes the valid fixture', async (rule) => {
    expect(await lint(clone(), rule)).toEqual([]);
  });

  it.each(failing)('$rule flags $given', async ({ rule, mutate, want }) => {
    const doc = clone();
    mutate(doc);
    const messages = await lint(doc, rule);
    expect(messages.some((m) => m.includes(want)), `got: ${JSON.stringify(messages)}`).toBe(true);
  });
});
