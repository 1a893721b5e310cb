// The contract model, compiled once at start-up into what each request needs: route, scope,
// rate-limit policies, body limit, idempotency (all as the model derives them) and every validator
// (ajv, compiled once, shared across operations with the same schema). This is the stub's only
// route table (ARCHITECTURE.md §7).
import { type ContractModel, IDEMPOTENCY_HEADER } from '../../../openapi/tools/contract-model.js';
import { createSchemaValidator, type SchemaError } from '../../../openapi/tools/schema-validator.js';
import { resolveRef } from '../../../openapi/tools/spec.js';
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
  /** The Idempotency-Key parameter as handlers receive it (its spec name), when the model says the operation is idempotent. */
  idempotencyHeader: string | null;
  /** Documented statuses; the validator of each JSON body when response validation is on. */
  responses: Map<number, Validate | null>;
}

export function compileOperations(
  model: ContractModel,
  options: { policies: Map<string, Policy>; validateResponses: boolean },
): CompiledOperation[] {
  const { spec } = model;
  const validator = createSchemaValidator(spec);
  const byText = new Map<string, Validate>();
  // Many operations share a schema (Problem, Limit …): compile each distinct one once.
  const compile = (schema: unknown): Validate => {
    const text = JSON.stringify(schema ?? {});
    let fn = byText.get(text);
    if (!fn) {
      fn = validator.compile(schema ?? {});
      byText.set(text, fn);
    }
    return fn;
  };

  return model.operations.map((contract) => {
    const { method, path, operationId, op } = contract.source;
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
          limit: contract.bodyLimit,
          rootType: resolveRef(spec, media.schema ?? {})?.type,
          validate: compile(media.schema),
        }
      : null;

    const policies = contract.policies.map(({ name }) => {
      const p = options.policies.get(name);
      if (!p) throw new Error(`${operationId}: the policy "${name}" was not compiled`);
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
      scope: contract.scope ?? null,
      policies,
      pathParams: params('path'),
      queryParams: params('query'),
      headerParams,
      body,
      idempotencyHeader: contract.idempotent ? (headerParams.find((p) => p.wire === IDEMPOTENCY_HEADER)?.name ?? null) : null,
      responses,
    };
  });
}
