import { defineCheck, hasResponse, na, res, when } from '../checks/define.js';
import { describeReceived, isObject } from '../checks/support.js';
import { generatedOf, provenance } from './evidence.js';
import { namesLocation } from './fields.js';

/** The fields a refusal names (`errors[].field` of a problem). */
export function namedFields(body: unknown): string[] {
  const errors = isObject(body) ? body.errors : undefined;
  return Array.isArray(errors)
    ? errors
        .filter(isObject)
        .map((e) => e.field)
        .filter((f): f is string => typeof f === 'string')
    : [];
}

// A request broken at one field is refused — never served — with a 400/422 problem whose errors[]
// names that field; a malformed path id may also be a 404 (ARCHITECTURE.md §2: an id that names no resource of
// the account is not found), and a body of the wrong type at its root the field-less 400 the spec
// documents for unreadable requests. Server errors are not-a-server-error's to report.
export const negativeDataRejected = defineCheck(
  'negative-data-rejected',
  'Invalid input refused, naming the field',
  when(hasResponse, (ctx, ex) => {
    const e = generatedOf(ctx);
    if (e?.kind !== 'negative' || !e.broken) return na('not a generated invalid input');
    const { status, json } = res(ex);
    if (status >= 500) return na('a server error (see not-a-server-error)');
    if (status === 429) return { skip: 'rate limited: the input was not judged' };
    const broken = e.broken;
    const what = `${broken.field} (${broken.rule})`;
    const wanted = '400 or 422';
    if (status < 400)
      return [{ message: `accepted an input broken at ${what} with ${status}; ${provenance(e)}`, documented: wanted, received: status }];
    if (status === 404 && broken.location.in === 'path') return [];
    if (status !== 400 && status !== 422) {
      const refusal = `refused an input broken at ${what} with ${describeReceived(status, json)}, not a 400/422 naming the field`;
      return [{ message: `${refusal}; ${provenance(e)}`, documented: wanted, received: status }];
    }
    const fields = namedFields(json);
    // A body of the wrong JSON type at its root is unreadable: the documented 400 needs no field.
    if (status === 400 && !fields.length && broken.location.in === 'body' && !broken.location.segments.length) return [];
    if (fields.some((f) => namesLocation(f, broken.location))) return [];
    const named = fields.length ? `names ${fields.join(', ')}` : 'names no field';
    return [
      {
        message: `the ${status} refusal of an input broken at ${what} ${named}; ${provenance(e)}`,
        documented: broken.field,
        received: fields,
        pointer: '/errors',
      },
    ];
  }),
);
