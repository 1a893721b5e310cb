// The project's Redocly plugin: one rule per file, registered here by id (`parley/<id>`).
import type { Oas3Rule, Plugin } from '@redocly/openapi-core';
import { examplePairing } from './example-pairing.js';
import { idempotentOperations } from './idempotent-operations.js';
import { operationScopes } from './operation-scopes.js';
import { paginatedLists } from './paginated-lists.js';
import { rateLimitDeclared } from './rate-limit-declared.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { responseExamples } from './response-examples.js';
import { scopesRegistry } from './scopes-registry.js';
import { sharedErrorResponses } from './shared-error-responses.js';
import { testValuesDocumented } from './test-values-documented.js';
import { webhookEmitters } from './webhook-emitters.js';
import { webhookHeaders } from './webhook-headers.js';

export const rules: Record<string, Oas3Rule> = {
  'operation-scopes': operationScopes,
  'scopes-registry': scopesRegistry,
  'response-examples': responseExamples,
  'example-pairing': examplePairing,
  'rate-limit-headers': rateLimitHeaders,
  'rate-limit-declared': rateLimitDeclared,
  'shared-error-responses': sharedErrorResponses,
  'paginated-lists': paginatedLists,
  'idempotent-operations': idempotentOperations,
  'test-values-documented': testValuesDocumented,
  'webhook-emitters': webhookEmitters,
  'webhook-headers': webhookHeaders,
};

export default function parleyPlugin(): Plugin {
  return { id: 'parley', rules: { oas3: rules } };
}
