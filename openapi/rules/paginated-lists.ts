import type { Ctx, Node, Rule } from './types.js';

// Every list is cursor-paginated the same way, so clients and the runner page any list alike.
const PARAMS = ['limit', 'starting_after'];
const FIELDS = ['data', 'has_more', 'next_cursor'];

export const paginatedLists: Rule = () => {
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
          enter(p: Node) {
            if (p.in === 'query') params.push(p.name);
          },
        },
        Response: {
          enter(response: Node, ctx: Ctx) {
            if (String(ctx.key) !== '200') return;
            const schemaNode = response.content?.['application/json']?.schema;
            const schema = schemaNode?.$ref ? ctx.resolve<Node>(schemaNode).node : schemaNode;
            if (schema?.properties?.data?.type !== 'array') return;
            isList = true;
            const missingFields = FIELDS.filter((f) => !schema.properties[f] || !schema.required?.includes(f));
            if (missingFields.length) {
              ctx.report({ message: `A list must answer { data, has_more, next_cursor }, all required; missing ${missingFields.join(', ')}.`, location: ctx.location.child(['content', 'application/json', 'schema']) });
            }
          },
        },
        leave(op: Node, ctx: Ctx) {
          const missing = PARAMS.filter((p) => !params.includes(p));
          if (isList && missing.length) {
            ctx.report({ message: `List operation ${op.operationId} must take the pagination parameters ${missing.join(', ')}.`, location: ctx.location.key() });
          }
        },
      },
    },
  };
};
