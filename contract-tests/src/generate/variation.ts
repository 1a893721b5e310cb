// A documented request made unique: when sending a create example again is refused as a conflict
// (a name or phone number the account already holds, a number only one agent may have), its body
// keeps its required properties only and each free string of them is varied while staying valid —
// text gets a suffix, digits at the end are redrawn — while ids, enums and constants are kept, so
// the request still names the same resources and still passes its business rules.
import type { SchemaValidator } from '../../../openapi/tools/schema-validator.js';
import type { Spec } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';
import { isObject, nodeOf, validatorFor } from './schema-node.js';

const ID = /^[a-z]+_[A-Za-z0-9]{16,32}$/;

export function varied(spec: Spec, validator: SchemaValidator, schema: unknown, value: unknown, token: string): unknown {
  const node = nodeOf(spec, schema);
  if (Array.isArray(value)) return value.map((v) => varied(spec, validator, node.items ?? {}, v, token));
  if (isObject(value)) {
    const props: Json = node.properties ?? {};
    const extra = isObject(node.additionalProperties) ? node.additionalProperties : {};
    const required: string[] = Array.isArray(node.required) ? node.required : Object.keys(value);
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => required.includes(k))
        .map(([k, v]) => [k, varied(spec, validator, props[k] ?? extra, v, token)]),
    );
  }
  if (typeof value !== 'string' || 'const' in node || Array.isArray(node.enum) || ID.test(value)) return value;
  const valid = validatorFor(validator, node);
  const digits = token.replace(/\D/g, '').padStart(4, '7');
  const candidates = [
    value.replace(/\d{4}$/, digits.slice(-4)),
    `${value}-${token}`,
    value.replace(/@/, `+${token}@`),
    `${value.slice(0, Math.max(0, (node.maxLength ?? Infinity) - token.length - 1))}-${token}`,
  ];
  return candidates.find((c) => c !== value && valid(c).length === 0) ?? value;
}
