// The stub's delivery engine, configured from the contract (the spec's timeout and retry schedule)
// and the stub's settings (retry scale, local delivery); each attempt is signed with the endpoint's
// current secret, and an endpoint that is gone or disabled ends its retries.
import type { WebhookDelivery } from '../../../openapi/tools/contract-model.js';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import type { ResourceStore } from '../store/resources.js';
import { WebhookDispatcher } from './dispatcher.js';

interface StoredEndpoint {
  status: string;
  _signing_secret: string;
}

export function webhookDispatcher(
  db: Db,
  resources: ResourceStore,
  delivery: WebhookDelivery,
  config: Pick<Config, 'webhookRetryScale' | 'webhookAllowLoopback'>,
  now: () => number,
): WebhookDispatcher {
  return new WebhookDispatcher({
    db,
    retryScheduleSeconds: delivery.retryScheduleSeconds,
    scale: config.webhookRetryScale,
    timeoutMs: delivery.timeoutSeconds * 1000,
    allowLoopback: config.webhookAllowLoopback,
    now,
    secretOf: (accountId, endpointId) => {
      const endpoint = resources.get<StoredEndpoint>(accountId, 'webhook_endpoint', endpointId);
      return endpoint?.status === 'enabled' ? endpoint._signing_secret : undefined;
    },
  });
}
