// The spec, compiled once at start-up into what each request needs: route, scope, rate-limit
// policies, body limit and every validator (ajv, compiled once, shared across operations with the
// same schema). This is the stub's only route table (DESIGN §7).
import { createSchemaValidator, type SchemaError } from '../../../openapi/tools/schema-validator.js';
import { listOperations, resolveRef, type Spec } from '../../../openapi/tools/spec.js';
import type { Policy } from '../middleware/limits/policies.js';

export type Validate = (value: unknown) => SchemaError[];

export interface ParamSpec {
  /** Name as the spec spells it (the key handlers receive). */
  name: string;
  /** Name as node delivers it (header names are lower case). */
  wire: string;
  required: boolean;
  /** JSON type strings are coerced to (integer, number, boolean, array, string …). */
  type: string | undefined;
  itemType: string | undefined;
  defaultValue: unknown;
  validate: Validate;
}

export interface CompiledBody {
  required: boolean;
  /** Bytes. 64 KiB, or what the operation documents (1 MiB for bulk imports). */
  limit: number;
  /** The schema's root type (a non-matching JSON root is 400, not 422). */
  rootType: string | undefined;
  validate: Validate;
}

export interface CompiledOperation {
  operationId: string;
  /** Upper case, as node reports it. */
  method: string;
  /** The spec's template, e.g. /v1/calls/{call_id} (what logs name as the route). */
  path: string;
  scope: string | null;
  policies: Policy[];
  pathParams: ParamSpec[];
  queryParams: ParamSpec[];
  headerParams: ParamSpec[];
  body: CompiledBody | null;
  /** Lower-case name of the Idempotency-Key header when the operation takes it. */
  idempotencyHeader: string | null;
  /** Documented statuses; the validator of each JSON body when response validation is on. */
  responses: Map<number, Validate | null>;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The operation's `x-body-limit` (bytes) when it declares one, else 64 KiB. */
export function bodyLimitOf(op: Record<string, any>): number {
  return typeof op['x-body-limit'] === 'number' ? op['x-body-limit'] : DEFAULT_BODY_LIMIT;
}

function scopeOf(security: Array<Record<string, string[]>> | undefined): string | null {
  for (const requirement of security ?? []) {
    for (const scopes of Object.values(requirement)) if (scopes.length > 0) return scopes[0];
  }
  return null;
}

export function compileOperations(spec: Spec, options: { policies: Map<string, Policy>; validateResponses: boolean }): CompiledOperation[] {
  const validator = createSchemaValidator(spec);
  const byText = new Map<string, Validate>();
  // Many operations share a schema (Problem, Limit …): compile each distinct one once.
  const compile = (schema: unknown): Validate => {
    const text = JSON.stringify(schema ?? {});
    let fn = byText.get(text);
    if (!fn) byText.set(text, (fn = validator.compile(schema ?? {})));
    return fn;
  };

  return listOperations(spec).map(({ method, path, operationId, op }) => {
    const params = (where: string): ParamSpec[] =>
      (op.parameters ?? [])
        .filter((p: any) => p.in === where)
        .map((p: any) => {
          const schema = resolveRef(spec, p.schema ?? {});
          return {
            name: p.name,
            wire: where === 'header' ? String(p.name).toLowerCase() : p.name,
            required: Boolean(p.required),
            type: typeof schema.type === 'string' ? schema.type : undefined,
            itemType: typeof resolveRef(spec, schema.items ?? {})?.type === 'string' ? resolveRef(spec, schema.items).type : undefined,
            defaultValue: schema.default,
            validate: compile(p.schema),
          };
        });

    const media = op.requestBody?.content?.['application/json'];
    const body: CompiledBody | null = media
      ? {
          required: Boolean(op.requestBody?.required),
          limit: bodyLimitOf(op),
          rootType: resolveRef(spec, media.schema ?? {})?.type,
          validate: compile(media.schema),
        }
      : null;

    const policies = ((op['x-rate-limit'] ?? []) as string[]).map((name) => {
      const p = options.policies.get(name);
      if (!p) throw new Error(`${operationId}: x-rate-limit names an unknown policy "${name}"`);
      return p;
    });

    const responses = new Map<number, Validate | null>();
    for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
      if (!/^\d{3}$/.test(status)) continue;
      const json = Object.entries<any>(response.content ?? {}).find(([type]) => /json/.test(type));
      responses.set(Number(status), options.validateResponses && json ? compile(json[1].schema) : null);
    }

    const headerParams = params('header');
    return {
      operationId,
      method: method.toUpperCase(),
      path,
      scope: scopeOf(op.security ?? spec.security),
      policies,
      pathParams: params('path'),
      queryParams: params('query'),
      headerParams,
      body,
      idempotencyHeader: headerParams.find((p) => p.wire === 'idempotency-key')?.wire ?? null,
      responses,
    };
  });
}
