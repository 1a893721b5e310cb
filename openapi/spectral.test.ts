// The OWASP lint (spectral.yaml, `npm run lint:owasp`): each override points at what its reason
// names, and the rules the file redefines still catch what they are for (a real CLI run on a
// fixture, so "0 problems" on the spec cannot mean "the rule never fires").
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from './tools/paths.js';
import { listOperations, loadSpec, resolveRef, type Spec } from './tools/spec.js';

const RULESET = join(repoRoot, 'openapi', 'spectral.yaml');
const LINTED = '../generated/openapi.yaml';
const ruleset = YAML.parse(readFileSync(RULESET, 'utf8'));
const overrides: Array<{ files: string[]; rules: Record<string, string> }> = ruleset.overrides;

/** The bundled pointers an override turns `rule` off at (URI-fragment JSON pointers, decoded). */
function exempt(rule: string): string[][] {
  return overrides
    .filter((o) => o.rules[rule] === 'off')
    .flatMap((o) => o.files)
    .map((f) => {
      const [file, pointer] = f.split('#');
      expect(file, `${f} names the file lint:owasp lints`).toBe(LINTED);
      return decodeURIComponent(pointer)
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    });
}

const at = (spec: Spec, path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], spec);
const types = (schema: { type?: unknown }): unknown[] => (Array.isArray(schema.type) ? schema.type : [schema.type]);

let spec: Spec;
beforeAll(() => {
  spec = loadSpec();
});

describe('openapi/spectral.yaml', () => {
  it('is what lint:owasp runs, on the bundled spec, failing on errors, and lint runs it', () => {
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts;
    expect(scripts['lint:owasp']).toContain('lint generated/openapi.yaml --ruleset openapi/spectral.yaml --fail-severity error');
    expect(scripts.lint).toContain('npm run -s lint:owasp');
  });

  it('exempts nothing from rate-limit headers: the 401 reports the refused-keys window of the address', () => {
    expect(exempt('owasp:api4:2023-rate-limit')).toEqual([]);
    expect(Object.keys(spec.components.responses.Unauthorized.headers)).toEqual(
      expect.arrayContaining(['X-RateLimit-Limit', 'RateLimit-Policy', 'RateLimit']),
    );
  });

  it('exempts from https only the loopback reference server', () => {
    const exempted = exempt('owasp:api8:2023-no-server-http');
    expect(exempted.length).toBeGreaterThan(0);
    for (const path of exempted) {
      expect(path.slice(0, 1)).toEqual(['servers']);
      expect(at(spec, path), path.join('/')).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?$/);
    }
    for (const server of spec.servers) expect(server['x-internal'], server.url).toBeTypeOf('boolean');
  });

  it('exempts from string-restricted only bounded free text, and the anyOf whose branches are restricted', () => {
    const exempted = exempt('owasp:api4:2023-string-restricted');
    expect(exempted.length).toBeGreaterThan(30);
    for (const path of exempted) {
      const schema = resolveRef(spec, at(spec, path));
      const where = path.join('/');
      expect(schema, where).toBeDefined();
      expect(types(schema), where).toContain('string');
      expect(schema.maxLength, where).toBeTypeOf('number');
      if (schema.anyOf) {
        for (const branch of schema.anyOf) expect(Object.keys(branch), where).toEqual(expect.arrayContaining(['pattern', 'maxLength']));
      } else {
        for (const keyword of ['format', 'pattern', 'enum', 'const']) expect(schema, `${where} ${keyword}`).not.toHaveProperty(keyword);
      }
    }
  });
});

describe('the Spectral CLI with the ruleset', () => {
  // Responses carrying both rate-limit conventions, none, or none on a 401; an operation with a
  // body and one with only a path id, neither documenting 400/422; an http server; free text.
  const headerSchema = { schema: { type: 'string', maxLength: 100, pattern: '^.+$' } };
  const fixture = {
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '1.0.0' },
    servers: [{ url: 'http://api.example.com', description: 'Production', 'x-internal': false }],
    paths: {
      '/things': {
        post: {
          requestBody: {
            content: {
              'application/json': { schema: { type: 'object', properties: { note: { type: 'string', maxLength: 100 } } } },
            },
          },
          responses: {
            '201': { description: 'Both conventions', headers: { RateLimit: headerSchema, 'X-RateLimit-Limit': headerSchema } },
          },
        },
      },
      '/things/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 20, pattern: '^t_[a-z]+$' } }],
          responses: { '200': { description: 'No rate-limit headers' }, '404': { description: 'No rate-limit headers either' } },
        },
      },
    },
  };

  it('reports missing rate-limit headers (not two conventions), a body without 400/422, http, free text, and no CORS', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parley-owasp-')), 'fixture.yaml');
    writeFileSync(file, YAML.stringify(fixture));
    const cli = join(repoRoot, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');
    const args = [cli, 'lint', file, '--ruleset', RULESET, '--fail-severity', 'error', '--format', 'json', '--quiet'];
    const out = await promisify(execFile)(process.execPath, args, { cwd: repoRoot, maxBuffer: 1 << 24 }).catch(
      (e: { stdout?: string; code?: number }) => e,
    );
    expect((out as { code?: number }).code, 'exit status: the fixture has errors').toBe(1);
    const results: Array<{ code: string; path: string[] }> = JSON.parse(String(out.stdout));
    const got = (rule: string) =>
      results
        .filter((r) => r.code === rule)
        .map((r) => r.path.join('/'))
        .sort();
    expect(got('owasp:api4:2023-rate-limit')).toEqual(['paths//things/{id}/get/responses/200', 'paths//things/{id}/get/responses/404']);
    expect(got('owasp:api8:2023-define-error-validation')).toEqual(['paths//things/post/responses']);
    expect(got('owasp:api8:2023-no-server-http')).toEqual(['servers/0/url']);
    expect(got('owasp:api4:2023-string-restricted')).toEqual([
      'paths//things/post/requestBody/content/application/json/schema/properties/note',
    ]);
    expect(got('owasp:api8:2023-define-cors-origin')).toEqual([]);
    // The rest of the ruleset runs too (the fixture declares no security).
    expect(got('owasp:api2:2023-write-restricted')).not.toEqual([]);
  });
});
