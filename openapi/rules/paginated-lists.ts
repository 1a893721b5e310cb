import type { Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { isObject } from './helpers.js';

// Every list is cursor-paginated the same way, so clients and the runner page any list alike.
const PARAMS = ['limit', 'starting_after'];
const FIELDS = ['data', 'has_more', 'next_cursor'];
const report = reporter('lists');

export const paginatedLists: Oas3Rule = () => {
  let params: string[] = [];
  let isList = false;
  return {
    Paths: {
      Operation: {
        enter() {
          params = [];
          isList = false;
        },
        Parameter: {
          enter(p) {
            if (p.in === 'query') params.push(p.name);
          },
        },
        Response: {
          enter(response, ctx) {
            if (String(ctx.key) !== '200') return;
            const schemaNode = response.content?.['application/json']?.schema;
            const schema = schemaNode ? ctx.resolve(schemaNode).node : undefined;
            if (!isObject(schema?.properties?.data) || schema.properties.data.type !== 'array') return;
            isList = true;
            const missingFields = FIELDS.filter((f) => !schema.properties?.[f] || !schema.required?.includes(f));
            if (missingFields.length) {
              const where = ctx.location.child(['content', 'application/json', 'schema']);
              report(ctx, `A list must answer { data, has_more, next_cursor }, all required; missing ${missingFields.join(', ')}.`, where);
            }
          },
        },
        leave(op, ctx) {
          const missing = PARAMS.filter((p) => !params.includes(p));
          if (isList && missing.length) {
            report(ctx, `List operation ${op.operationId} must take the pagination parameters ${missing.join(', ')}.`, ctx.location.key());
          }
        },
      },
    },
  };
};
