import { defineResponseCheck, hasResponse, res, when } from './define.js';
import { documentedResponse, mediaTypeOf } from './support.js';

// The Content-Type is one the spec documents for the received status (problem+json for errors).
export const contentType = defineResponseCheck(
  'content-type',
  'The documented content type',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    const documented = documentedResponse(ctx, r.status);
    if (!documented) return { skip: `status ${r.status} is not documented (see status-documented)` };
    const types = Object.keys(documented.content ?? {}).map((t) => t.toLowerCase());
    const received = mediaTypeOf(r.headers['content-type']);
    if (types.length === 0) {
      return r.bytes === 0
        ? []
        : [{ message: `status ${r.status} documents no body, received ${r.bytes} bytes of ${received || 'unknown type'}`, received }];
    }
    if (types.includes(received)) return [];
    return [
      {
        message: `documented ${types.join(' or ')}, received ${received || 'no Content-Type'}`,
        documented: types,
        received,
        pointer: '/headers/content-type',
      },
    ];
  }),
);
