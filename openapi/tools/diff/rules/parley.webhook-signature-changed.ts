// Receivers verify with the old scheme and reject every delivery.
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.webhook-signature-changed',
  level: 'breaking',
  description: 'The webhook signature scheme (x-webhook-delivery signature) changed, or the replay tolerance shrank.',
  reference: 'openapi/README.md#webhook-delivery',
  check: (base, head) => {
    const [b, h] = [base.webhookDelivery, head.webhookDelivery];
    const what = [
      ...(b.signature !== h.signature ? [`signature ${b.signature} → ${h.signature}`] : []),
      ...(h.toleranceSeconds < b.toleranceSeconds ? [`tolerance ${b.toleranceSeconds}s → ${h.toleranceSeconds}s`] : []),
    ];
    return what.length
      ? [
          {
            message: `webhook deliveries: ${what.join(', ')}; receivers verifying the old way reject them`,
            subject: 'signature',
            where: { kind: 'root', key: 'x-webhook-delivery' },
          },
        ]
      : [];
  },
});
