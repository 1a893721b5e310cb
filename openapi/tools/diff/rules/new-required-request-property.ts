// A request that was complete yesterday lacks a property today.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'new-required-request-property',
  level: 'breaking',
  description: 'A required property was added to a request body; existing requests lack it.',
  side: 'body',
  kinds: ['property-added'],
  when: (f) => f.required === true,
  message: (f) => `new required request property ${f.property}; existing requests lack it`,
});
