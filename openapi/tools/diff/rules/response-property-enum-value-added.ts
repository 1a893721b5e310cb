// Non-breaking by the spec's own promise: enums (ErrorCode first) say new values may be added, so clients must accept unknown ones.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'response-property-enum-value-added',
  level: 'non-breaking',
  description: 'A response enum gained a value; clients must accept unknown values (ErrorCode: "New codes may be added").',
  side: 'responses',
  kinds: ['enum-value-added'],
  message: (f) => `response property ${f.property} may be ${f.detail}`,
});
