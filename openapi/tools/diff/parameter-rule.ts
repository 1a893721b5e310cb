// A generic rule about an operation's parameters as a whole (one added, removed or made required):
// each such oasdiff-style rule is one declaration of this, as the schema-level ones are of schemaRule.
import { label, operationPairs, operationWhere, type Parameter, parametersOf } from './operations.js';
import { BREAKING_CHANGES } from './schema-rule.js';
import { type DiffRule, defineRule, type Level } from './types.js';

export interface ParameterRuleOptions {
  id: string;
  level: Level;
  description: string;
  /** Whether a parameter's change is this rule's (undefined: the parameter is absent on that side). */
  matches: (before: Parameter | undefined, after: Parameter | undefined) => boolean;
  /** The message after `<operation>: `, given the parameter's id in backticks. */
  message: (parameter: string) => string;
}

export function parameterRule(o: ParameterRuleOptions): DiffRule {
  return defineRule({
    id: o.id,
    level: o.level,
    description: o.description,
    reference: BREAKING_CHANGES,
    check: (base, head) =>
      operationPairs(base, head).flatMap(({ base: b, head: h }) => {
        const before = parametersOf(b);
        const after = parametersOf(h);
        // The head's parameters in its order, then those only the base had.
        return [...new Set([...after.keys(), ...before.keys()])]
          .filter((id) => o.matches(before.get(id), after.get(id)))
          .map((id) => ({
            message: `${label(h)}: ${o.message(`\`${id}\``)}`,
            operation: h.operationId,
            subject: id,
            where: operationWhere(h, { key: 'parameters' }),
          }));
      }),
  });
}
