// Compatible: old requests stay valid.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'new-optional-request-property',
  level: 'non-breaking',
  description: 'An optional property was added to a request body.',
  side: 'body',
  kinds: ['property-added'],
  when: (f) => f.required !== true,
  message: (f) => `new optional request property ${f.property}`,
});
