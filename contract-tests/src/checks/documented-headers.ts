import { RATE_LIMIT_HEADERS } from '../../../openapi/tools/contract-model.js';
import type { FailureInput } from '../types.js';
import { defineResponseCheck, hasResponse, na, res, when } from './define.js';
import { declaredHeaders, documentedResponse, typedHeader } from './support.js';

// Every other header the response declares: present when required, valid when present. The
// headers with their own check (request id, rate limits, challenges, Retry-After) are left to it.
const OWN_CHECK = new Set<string>([...RATE_LIMIT_HEADERS, 'x-request-id', 'www-authenticate', 'retry-after']);

export const documentedHeaders = defineResponseCheck(
  'documented-headers',
  'Declared headers present and valid',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    const declared = documentedResponse(ctx, r.status);
    if (!declared) return { skip: `status ${r.status} is not documented` };
    const out: FailureInput[] = [];
    for (const [name, header] of declaredHeaders(declared)) {
      if (OWN_CHECK.has(name)) continue;
      const value = r.headers[name];
      if (value === undefined) {
        if (header.required) out.push({ message: `${name} is required and missing`, pointer: `/headers/${name}` });
        continue;
      }
      for (const e of ctx.validator.validate(header.schema, typedHeader(value, header.schema)))
        out.push({ message: `${name} ${JSON.stringify(value)} ${e.message}`, received: value, pointer: `/headers/${name}` });
    }
    return out.length || Object.keys(declared.headers ?? {}).length ? out : na('no headers declared');
  }),
);
