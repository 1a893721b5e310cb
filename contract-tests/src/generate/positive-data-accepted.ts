import { defineCheck, hasResponse, na, res, when } from '../checks/define.js';
import { describeReceived } from '../checks/support.js';
import { generatedOf, provenance } from './evidence.js';

/** Refusals that say the request could not be read at all: never the answer to a valid one. */
const UNREADABLE: Record<number, string> = {
  400: 'unreadable (400)',
  413: 'too large (413)',
  415: 'of an unsupported media type (415)',
};

// A schema-valid request is read and judged on its merits: any status the operation documents
// (status-documented) — a 404 for an id that names nothing, a 409, a 422 for a rule the schema
// cannot express (a time zone that does not exist) — but never refused as unreadable, too large
// or of the wrong media type: it was well-formed JSON of the documented type, under the limit.
export const positiveDataAccepted = defineCheck(
  'positive-data-accepted',
  'Valid input read and judged',
  when(hasResponse, (ctx, ex) => {
    const e = generatedOf(ctx);
    if (e?.kind !== 'positive') return na('not a generated valid input');
    const { status, json } = res(ex);
    if (status >= 500) return na('a server error (see not-a-server-error)');
    const refusal = UNREADABLE[status];
    if (!refusal) return [];
    return [
      { message: `refused a schema-valid input as ${refusal}: ${describeReceived(status, json)}; ${provenance(e)}`, received: status },
    ];
  }),
);
