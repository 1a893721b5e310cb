import { defineResponseCheck, hasJsonBody, res, when } from './define.js';
import { documentedResponse, jsonMedia } from './support.js';

// The body validates against the schema documented for the received status (ajv 2020-12,
// formats, additionalProperties): a wrong-but-documented status is status-code's failure only.
export const bodySchema = defineResponseCheck(
  'body-schema',
  'The body matches its schema',
  when(hasJsonBody, (ctx, ex) => {
    const r = res(ex);
    const media = jsonMedia(documentedResponse(ctx, r.status));
    if (!media?.[1]?.schema) return { skip: `no JSON schema documented for ${r.status}` };
    return ctx.validator.validate(media[1].schema, r.json).map((e) => ({ message: `${e.pointer} ${e.message}`, pointer: e.pointer }));
  }),
);
