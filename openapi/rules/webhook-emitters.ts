import type { Location, Oas3Rule } from '@redocly/openapi-core';
import { reporter } from './conventions.js';
import { extension, stringList } from './helpers.js';

// Every webhook event names the operations whose requests cause it (`x-emitted-by` on the event's
// operation), so the contract model can tell which requests an event follows. Checked at the end
// of the document, once every operation under `paths` is known.
const report = reporter('webhooks');

interface DeclaredEvent {
  name: string;
  emittedBy: unknown;
  location: Location;
}

export const webhookEmitters: Oas3Rule = () => {
  const operationIds = new Set<string>();
  const events: DeclaredEvent[] = [];
  let event = '';
  return {
    Paths: {
      Operation: {
        enter(op) {
          if (op.operationId) operationIds.add(op.operationId);
        },
      },
    },
    WebhooksMap: {
      PathItem: {
        enter(_item, ctx) {
          event = String(ctx.key);
        },
        Operation: {
          enter(op, ctx) {
            events.push({ name: event, emittedBy: extension(op, 'x-emitted-by'), location: ctx.location });
          },
        },
      },
    },
    Root: {
      leave(_root, ctx) {
        for (const { name, emittedBy, location } of events) {
          const names = stringList(emittedBy);
          if (!names?.length) {
            report(ctx, `Webhook event ${name} must declare \`x-emitted-by\`: the operationIds whose requests cause it.`, location.key());
            continue;
          }
          for (const id of names.filter((n) => !operationIds.has(n))) {
            const where = location.child('x-emitted-by');
            report(ctx, `Webhook event ${name}: x-emitted-by names "${id}", which no operation under paths has.`, where);
          }
        }
      },
    },
  };
};
