import type { Oas3Rule } from '@redocly/openapi-core';
import { WEBHOOK_HEADERS } from '../tools/contract-model.js';
import { collectOperation } from './collect-operation.js';
import { reporter } from './conventions.js';

// Every webhook delivery documents the Standard Webhooks headers it carries (`webhook-id`,
// `webhook-timestamp`, `webhook-signature`), each required, so receivers in any language verify it
// with a Standard Webhooks library and the runner knows what to check.
const report = reporter('webhooks');

const WANTED = Object.values(WEBHOOK_HEADERS);

export const webhookHeaders: Oas3Rule = () => {
  let event = '';
  return {
    WebhooksMap: {
      PathItem: {
        enter(_item, ctx) {
          event = String(ctx.key);
        },
        Operation: collectOperation((op, _raw, ctx) => {
          const required = new Map<string, boolean>();
          for (const p of op.parameters ?? [])
            if (p.in === 'header' && typeof p.name === 'string') required.set(p.name.toLowerCase(), p.required === true);
          for (const name of WANTED) {
            if (!required.has(name))
              report(ctx, `Webhook event ${event} must document the \`${name}\` header parameter (Standard Webhooks).`, ctx.location.key());
            else if (!required.get(name))
              report(ctx, `Webhook event ${event}: the \`${name}\` header parameter must be \`required: true\`.`, ctx.location.key());
          }
        }),
      },
    },
  };
};
