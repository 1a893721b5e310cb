// One ajv (JSON Schema 2020-12, formats on) per spec, with the spec's component schemas loaded
// once and every validator compiled once and cached: the stub, the runner and the tests use it.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { canonicalJson } from './canonical-json.js';
import type { Spec } from './spec.js';

const COMPONENTS_ID = 'parley:components';
// OpenAPI's additions to JSON Schema; registered so strict mode still catches typos elsewhere.
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator'];

export interface SchemaError {
  /** JSON pointer into the validated value. */
  pointer: string;
  message: string;
}

export interface SchemaValidator {
  validate(schema: unknown, value: unknown): SchemaError[];
  compile(schema: unknown): (value: unknown) => SchemaError[];
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${COMPONENTS_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`
        : rewriteRefs(v);
  }
  return out;
}

function extensionKeywords(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) extensionKeywords(n, found);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-')) found.add(k);
      extensionKeywords(v, found);
    }
  }
  return found;
}

export function formatErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${(e.params as any).additionalProperty})`
        : e.keyword === 'enum'
          ? ` (${(e.params as any).allowedValues.join(', ')})`
          : '';
    return { pointer: e.instancePath || '/', message: `${e.message ?? e.keyword}${extra}` };
  });
}

/**
 * ajv 8's uniqueItems indexes scalar items in a plain object, so two "__proto__" strings (or
 * "constructor", …) never collide and an array of duplicates validates. This one keys a Map by
 * each item's canonical JSON: the same verdict and message as ajv's, without the prototype.
 */
function uniqueItems(schema: boolean, data: unknown[]): boolean {
  const self = uniqueItems as typeof uniqueItems & { errors?: Array<Partial<ErrorObject>> };
  self.errors = [];
  if (!schema) return true;
  const seen = new Map<string, number>();
  for (let i = 0; i < data.length; i++) {
    const key = canonicalJson(data[i]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const message = `must NOT have duplicate items (items ## ${i} and ${earlier} are identical)`;
      self.errors = [{ keyword: 'uniqueItems', message, params: { i: earlier, j: i } }];
      return false;
    }
    seen.set(key, i);
  }
  return true;
}

export function createSchemaValidator(spec: Spec): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate: uniqueItems });
  // ajv-formats is CommonJS: its function is `default` under NodeNext typing, the module at runtime.
  const addFormats = ((formats as any).default ?? formats) as typeof formats.default;
  addFormats(ajv);
  for (const k of [...OPENAPI_KEYWORDS, ...extensionKeywords(spec)]) ajv.addKeyword(k);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(spec.components?.schemas ?? {}) });
  const cache = new WeakMap<object, ValidateFunction>();
  const compile = (schema: unknown) => {
    const key = (schema ?? {}) as object;
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile(rewriteRefs(schema ?? {}) as object);
      cache.set(key, fn);
    }
    const validate: ValidateFunction = fn;
    return (value: unknown) => (validate(value) ? [] : formatErrors(validate.errors));
  };
  return { compile, validate: (schema, value) => compile(schema)(value) };
}
