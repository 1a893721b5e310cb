// The webhook probes (ARCHITECTURE.md §11), one line each, merged into probes/index.ts: per event a
// delivery case, then a retry, tenant isolation, secret rotation, and the run-wide id check last.
import type { Probe } from '../probes/define.js';
import { webhookDeliveryProbe } from './delivery-probe.js';
import { webhookIdsProbe } from './ids-probe.js';
import { webhookRetryProbe } from './retry-probe.js';
import { webhookSecretProbe } from './secret-probe.js';
import { webhookTenantProbe } from './tenant-probe.js';

const EACH: readonly Probe[] = [webhookDeliveryProbe, webhookRetryProbe, webhookTenantProbe, webhookSecretProbe];

export const WEBHOOK_PROBES: readonly Probe[] = [...EACH, webhookIdsProbe(EACH)];
