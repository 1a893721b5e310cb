// A change's place in openapi/ (the working tree's sources): the operation's file at the status or
// key, a component's file, a webhook's file, or a line of the root document.
import { componentSource, operationSource, rootSource, type SourceLocation, webhookSource } from '../sources.js';
import type { Where } from './types.js';

export function locate(where: Where): SourceLocation | undefined {
  switch (where.kind) {
    case 'operation':
      return operationSource(where.operationId, where.status, where.key) ?? rootSource('paths', `${where.path}:`);
    case 'path':
      return rootSource('paths', `${where.path}:`);
    case 'component':
      return componentSource(where.section, where.name, where.needle) ?? rootSource('components');
    case 'webhook':
      return webhookSource(where.name) ?? rootSource('webhooks');
    case 'root':
      return rootSource(where.key, where.needle);
  }
}
