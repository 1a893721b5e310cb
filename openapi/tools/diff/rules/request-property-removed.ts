// A body property clients send is gone: bodies are closed (`additionalProperties: false`), so it is refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-removed',
  level: 'breaking',
  description: 'A request body property was removed; request bodies are closed, so clients that send it are refused.',
  side: 'body',
  kinds: ['property-removed'],
  message: (f) => `request property ${f.property} removed; clients sending it get 422`,
});
