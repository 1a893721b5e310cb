// The generators against the real spec, as properties: every value generated from a schema the
// operations use validates against it (ajv, the validator the stub and the runner use); every
// broken input fails validation and names the field it breaks, as the API names fields; the same
// seed draws the same inputs and another seed other ones.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createSchemaValidator, type SchemaError } from '../../../openapi/tools/schema-validator.js';
import { listOperations, loadSpec } from '../../../openapi/tools/spec.js';
import { type Location, namesLocation } from './fields.js';
import { type BrokenInput, breakagesOf, brokenInput, FLAVOURS, flavourOf, inputSites, validInput } from './inputs.js';
import { type GenerateOptions, positive } from './positive.js';
import { asReceived, hasGeneratedInputs, type Surface, surfaceOf } from './surface.js';

const spec = loadSpec();
const validator = createSchemaValidator(spec);
const ops = listOperations(spec);
const options = (o: Partial<GenerateOptions> = {}): GenerateOptions => ({ spec, validator, text: 'any', optional: 'random', ...o });
const RUNS = { numRuns: 15 };

/** Every schema the operations use (request bodies, parameters, JSON responses), once each. */
function schemasInUse(): Array<[string, unknown]> {
  const seen = new Map<string, [string, unknown]>();
  const add = (where: string, schema: unknown) => {
    const text = JSON.stringify(schema);
    if (schema && !seen.has(text)) seen.set(text, [where, schema]);
  };
  for (const so of ops) {
    for (const p of so.op.parameters ?? []) add(`${so.operationId} ${p.in} ${p.name}`, p.schema);
    for (const [type, media] of Object.entries<{ schema?: unknown }>(so.op.requestBody?.content ?? {}))
      if (/json/.test(type)) add(`${so.operationId} body`, media.schema);
    for (const [status, r] of Object.entries(so.op.responses ?? {})) {
      for (const [type, media] of Object.entries<{ schema?: unknown }>(r.content ?? {}))
        if (/json/.test(type)) add(`${so.operationId} ${status}`, media.schema);
    }
  }
  return [...seen.values()];
}

/** The fields a validation error names, as the API names them (a missing or undeclared property by its own name). */
function namedBy(part: Location['in'], errors: SchemaError[]): string[] {
  return errors.map((e) => {
    const prop =
      /^must have required property '(.+)'$/.exec(e.message)?.[1] ?? /^must NOT have additional properties \((.+)\)$/.exec(e.message)?.[1];
    const pointer = e.pointer === '/' ? '' : e.pointer;
    return `/${part}${pointer}${prop !== undefined ? `/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}` : ''}`;
  });
}

/** Checks one broken input the way a server reads it; returns what is wrong with the generator, if anything. */
function brokenAsReceived(surface: Surface, b: BrokenInput): string | undefined {
  const { location: loc, input } = b;
  if (loc.in === 'body') {
    if (!loc.segments.length && b.rule === 'required') return input.body === undefined ? undefined : 'a required body was sent';
    const errors = validator.validate(surface.body!.schema, input.body);
    if (!errors.length) return 'the body validates';
    return namedBy('body', errors).some((f) => namesLocation(f, loc))
      ? undefined
      : `no error names ${loc.segments.join('.')}: ${JSON.stringify(errors)}`;
  }
  const param = [...surface.path, ...surface.query, ...surface.header].find((p) => p.in === loc.in && p.name === loc.segments[0])!;
  const value = input[loc.in][param.name];
  if (b.rule === 'required') return value === undefined ? undefined : `required ${param.name} was sent`;
  return validator.validate(param.schema, asReceived(spec, param, value)).length
    ? undefined
    : `${param.name}=${JSON.stringify(value)} validates`;
}

describe('valid values', () => {
  for (const [where, schema] of schemasInUse()) {
    for (const flavour of [...FLAVOURS, flavourOf(FLAVOURS.length)]) {
      test.prop([positive(schema, options({ text: flavour.text, optional: flavour.optional }))], RUNS)(
        `${where} (${flavour.label}) validates`,
        (value) => {
          expect(validator.validate(schema, value)).toEqual([]);
        },
      );
    }
  }

  test.prop(
    [validInput(surfaceOf(ops.find((o) => o.operationId === 'createContact')!), {}, options({ text: 'unicode', optional: 'all' }))],
    RUNS,
  )('non-ASCII text reaches every free-text field', (input) => {
    const body = input.body as Record<string, string>;
    for (const field of ['first_name', 'last_name']) expect(body[field]).toMatch(/[^\x20-\x7e]/);
  });
});

describe('broken inputs', () => {
  for (const so of ops) {
    const surface = surfaceOf(so);
    const path = Object.fromEntries(surface.path.map((p) => [p.name, `${p.name}_000000000000000000`]));
    for (const site of inputSites(options(), surface)) {
      const where = [site.param?.name, ...site.site.path, site.site.property].filter(Boolean).join('.');
      const label = `${so.operationId}: ${site.in} ${where} ${site.site.rule}`;
      test.prop([brokenInput(surface, path, [site], options())], RUNS)(`${label} fails validation, naming the field`, (b) => {
        expect(b.rule).toBe(site.site.rule);
        expect(brokenAsReceived(surface, b)).toBeUndefined();
      });
    }
  }

  it('offers every kind of breakage the spec allows, most common first', () => {
    const createCampaign = surfaceOf(ops.find((o) => o.operationId === 'createCampaign')!);
    const kinds = breakagesOf(inputSites(options(), createCampaign)).map((b) => b.label);
    expect(kinds.slice(0, 4)).toEqual(['required field missing', 'wrong type', 'string over maxLength', 'undeclared property']);
    expect(kinds).toContain('unknown enum value');
    expect(kinds).toContain('number out of range');
    expect(kinds).toContain('pattern or format mismatch');
    const getAgent = surfaceOf(ops.find((o) => o.operationId === 'getAgent')!);
    expect(breakagesOf(inputSites(options(), getAgent)).map((b) => b.label)).toEqual(['malformed path id']);
  });
});

describe('seeds', () => {
  const generated = ops.filter((so) => hasGeneratedInputs(surfaceOf(so)));
  const draw = (so: (typeof ops)[number], seed: number) => {
    const surface = surfaceOf(so);
    const runs = [0, 1, 2, 3].map((i) => validInput(surface, {}, options({ text: flavourOf(i).text, optional: flavourOf(i).optional })));
    const broken = breakagesOf(inputSites(options(), surface)).map((b) => brokenInput(surface, {}, b.sites, options()));
    const arbs: Array<fc.Arbitrary<unknown>> = [...runs, ...broken];
    return JSON.stringify(arbs.map((arb, i) => fc.sample(arb, { seed: seed + i, numRuns: 1 })));
  };

  it.each(generated.map((so) => [so.operationId, so] as const))(
    '%s: the same seed draws the same inputs, another seed others',
    (_id, so) => {
      expect(draw(so, 42)).toBe(draw(so, 42));
      expect(draw(so, 43)).not.toBe(draw(so, 42));
    },
  );
});
