import { defineResponseCheck, hasResponse, na, res, when } from './define.js';
import { documentedResponse, isJsonType, mediaTypeOf } from './support.js';

// A response documented (or declared) as JSON parses as JSON.
export const jsonBody = defineResponseCheck(
  'json-body',
  'The body is valid JSON',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    const documented = Object.keys(documentedResponse(ctx, r.status)?.content ?? {}).some(isJsonType);
    const declared = isJsonType(mediaTypeOf(r.headers['content-type']));
    if (!documented && !declared) return na('no JSON body documented or declared');
    if (r.json !== undefined) return [];
    return [
      {
        message: `the body is not valid JSON (${r.jsonError ?? 'not parsed'}): ${JSON.stringify(r.text.slice(0, 80))}`,
        received: r.text.slice(0, 200),
      },
    ];
  }),
);
