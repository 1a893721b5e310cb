// Requests that left it out are refused.
import { parameterRule } from '../parameter-rule.js';

export default parameterRule({
  id: 'request-parameter-became-required',
  level: 'breaking',
  description: 'An optional parameter became required.',
  matches: (before, after) => before?.required === false && after?.required === true,
  message: (p) => `parameter ${p} became required`,
});
