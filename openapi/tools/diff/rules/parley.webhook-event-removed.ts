// Receivers waiting for the event never get it.
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.webhook-event-removed',
  level: 'breaking',
  description: 'A webhook event was removed.',
  reference: 'openapi/README.md#webhooks',
  check: (base, head) =>
    base.webhooks
      .filter((b) => !head.webhooks.some((h) => h.name === b.name))
      .map((b) => ({
        message: `webhook event ${b.name} removed`,
        operation: b.name,
        subject: b.name,
        where: { kind: 'root', key: 'webhooks' },
      })),
});
