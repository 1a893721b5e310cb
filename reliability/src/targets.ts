// The real operations hostile requests aim at, read from generated/openapi.json through the contract
// model: each with a documented request that succeeds (its first 2xx example pair), so a generator
// can break one thing at a time and the rest of the request still gets through the pipeline.
//
// Only operations whose success cannot derail the rest of a run: no API-key or IP-allowlist writes
// (a hostile but valid request could lock the harness out), no webhook writes (deliveries would
// leave the machine), no deletes (the canary reads the seeded resources).
import { type ContractModel, contractModel } from '../../openapi/tools/contract-model.js';

export interface TargetOp {
  operationId: string;
  method: string;
  /** The path with the example's ids filled in. */
  path: string;
  /** The spec's template (`/v1/contacts/{contact_id}`). */
  template: string;
  pathParams: string[];
  /** The example body, when the operation takes one. */
  body: unknown;
  bodyLimit: number;
  idempotencyHeader: string | undefined;
  /** Takes `limit` and `starting_after`. */
  paged: boolean;
  /** Query parameter names the operation declares. */
  query: string[];
}

export interface Targets {
  all: TargetOp[];
  withBody: TargetOp[];
  withIds: TargetOp[];
  paged: TargetOp[];
  idempotent: TargetOp[];
  /** Bodies up to 1 MiB (imports): deep and huge JSON is read and parsed instead of refused by size. */
  large: TargetOp[];
  byId(operationId: string): TargetOp;
  /** Values that make a test key answer 5xx on purpose (x-test-values, e.g. an upstream failure): never sent. */
  designed5xx: string[];
}

export const SAFE_OPERATIONS = [
  'getAccount',
  'listApiKeys',
  'getIpAllowlist',
  'listAgents',
  'createAgent',
  'importAgent',
  'getAgent',
  'updateAgent',
  'exportAgent',
  'listNumbers',
  'getNumber',
  'listCalls',
  'triggerCall',
  'getCall',
  'listCampaigns',
  'createCampaign',
  'getCampaign',
  'listContacts',
  'createContact',
  'importContacts',
  'getContact',
  'updateContact',
  'listMessages',
  'sendMessage',
  'getMessage',
  'sendOtp',
  'verifyOtp',
  'listLookups',
  'createLookup',
  'getLookup',
  'verifyEmail',
  'getBillingBalance',
  'listBillingUsage',
  'listWebhooks',
  'getCallAnalytics',
] as const;

export function loadTargets(model: ContractModel = contractModel()): Targets {
  const all: TargetOp[] = SAFE_OPERATIONS.map((id) => {
    const op = model.operation(id);
    const pair = op.pairs.find((p) => p.response.status.startsWith('2')) ?? op.pairs[0];
    const request = pair?.request;
    const pathParams = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request?.path[name] ?? name)));
    const params = (op.source.op.parameters ?? []) as Array<{ in?: string; name?: string }>;
    return {
      operationId: id,
      method: op.method.toUpperCase(),
      path,
      template: op.path,
      pathParams,
      body: request?.body,
      bodyLimit: op.bodyLimit,
      idempotencyHeader: op.idempotencyHeader,
      paged: op.pagination !== undefined,
      query: params.filter((p) => p.in === 'query').map((p) => String(p.name)),
    };
  });
  const byId = new Map(all.map((t) => [t.operationId, t]));
  const withBody = all.filter((t) => t.body !== undefined);
  return {
    all,
    withBody,
    withIds: all.filter((t) => t.pathParams.length > 0),
    paged: all.filter((t) => t.paged),
    idempotent: all.filter((t) => t.idempotencyHeader !== undefined),
    large: withBody.filter((t) => t.bodyLimit > 64 * 1024),
    byId(operationId) {
      const t = byId.get(operationId);
      if (!t) throw new Error(`no target operation ${operationId}`);
      return t;
    },
    designed5xx: model.testValues.filter((v) => v.status >= 500).map((v) => v.value),
  };
}
