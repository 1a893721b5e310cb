// Requests that left it out are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-became-required',
  level: 'breaking',
  description: 'An optional request body property became required.',
  side: 'body',
  kinds: ['became-required'],
  message: (f) => `request property ${f.property} became required; requests without it get 422`,
});
