// What the pipeline hands every handler: who is calling (account, key, mode, address), the
// stores, the contract model the stub was built from, and one clock, so a request sees one
// consistent "now".
import type { ContractModel } from '../../openapi/tools/contract-model.js';
import type { AccountRecord, AccountStore } from './store/accounts.js';
import type { ApiKey, ApiKeyStore } from './store/api-keys.js';
import type { ResourceStore } from './store/resources.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

export interface Stores {
  accounts: AccountStore;
  keys: ApiKeyStore;
  resources: ResourceStore;
  /** The webhook delivery engine and its durable attempt log (webhooks/dispatcher.ts). */
  deliveries: WebhookDispatcher;
}

export interface RequestContext {
  requestId: string;
  now: Date;
  account: AccountRecord;
  apiKey: ApiKey;
  mode: 'live' | 'test';
  clientIp: string;
  stores: Stores;
  /** The contract's meaning (test values, limits), derived once from the spec the stub serves. */
  contract: ContractModel;
  /** Sends a webhook event to every enabled endpoint subscribed to it (see handlers/webhooks). */
  emit(type: string, object: unknown): void;
}
