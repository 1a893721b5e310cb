// What the pipeline hands every handler: who is calling (account, key, mode, address), the
// stores, and one clock, so a request sees one consistent "now".
import type { AccountRecord, AccountStore } from './store/accounts.js';
import type { ApiKey, ApiKeyStore } from './store/api-keys.js';
import type { ResourceStore } from './store/resources.js';

export interface Stores {
  accounts: AccountStore;
  keys: ApiKeyStore;
  resources: ResourceStore;
}

export interface RequestContext {
  requestId: string;
  now: Date;
  account: AccountRecord;
  apiKey: ApiKey;
  mode: 'live' | 'test';
  clientIp: string;
  stores: Stores;
  /** Records a webhook event for every enabled endpoint subscribed to it (see handlers/webhooks). */
  emit(type: string, object: unknown): void;
}
