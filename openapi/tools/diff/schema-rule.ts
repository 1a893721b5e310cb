// A generic rule that is one kind of schema finding on one side of the exchange (request body,
// parameters, responses): the many oasdiff-style rules are each one declaration of this.

import { findingsOf, type Located, label, operationPairs, operationWhere } from './operations.js';
import type { FindingKind, SchemaFinding } from './schema-compare.js';
import { type ChangeInput, type DiffRule, defineRule, type Level } from './types.js';

/** The last segment of a property path: `body.contacts[].phone` → `phone`. */
const tail = (property: string) => property.split('.').pop() ?? property;

export const BREAKING_CHANGES = 'openapi/README.md#breaking-changes';

export interface SchemaRuleOptions {
  id: string;
  level: Level;
  description: string;
  side: 'body' | 'parameters' | 'responses';
  kinds: readonly FindingKind[];
  /** Keeps only some findings of those kinds (required ones, say). */
  when?: (f: SchemaFinding) => boolean;
  /** The message after `<operation>: `. */
  message: (f: SchemaFinding) => string;
  supersedes?: readonly string[];
}

export function schemaRule(o: SchemaRuleOptions): DiffRule {
  return defineRule({
    id: o.id,
    level: o.level,
    description: o.description,
    reference: BREAKING_CHANGES,
    ...(o.supersedes ? { supersedes: o.supersedes } : {}),
    check: (base, head) => {
      const found = operationPairs(base, head).flatMap((pair) =>
        findingsOf(base, head, pair)[o.side].filter(({ finding }) => o.kinds.includes(finding.kind) && (o.when?.(finding) ?? true)),
      );
      const out: ChangeInput[] = [];
      // A change inside a shared schema is one change, naming the schema and counting where it shows.
      const shared = new Map<string, Located<SchemaFinding>[]>();
      for (const x of found) {
        const { component, property, kind, detail } = x.finding;
        if (!component) {
          out.push({
            message: `${label(x.pair.head)}: ${o.message({ ...x.finding, property: `\`${property}\`` })}${x.status ? ` in the ${x.status} response` : ''}`,
            operation: x.pair.head.operationId,
            subject: property,
            where: operationWhere(x.pair.head, x.status ? { status: x.status } : { key: o.side === 'body' ? 'requestBody' : 'parameters' }),
          });
          continue;
        }
        const key = [component, tail(property), kind, detail].join('\u0000');
        shared.set(key, [...(shared.get(key) ?? []), x]);
      }
      for (const group of shared.values()) {
        const f = group[0].finding;
        const component = f.component as string;
        const ops = [...new Set(group.map((x) => x.pair.head.operationId))];
        const places = o.side === 'responses' ? `${group.length} response(s) of ${ops.length} operation(s)` : `${ops.length} operation(s)`;
        out.push({
          message: `${o.message({ ...f, property: `\`${tail(f.property)}\` of schema ${component}` })}, in ${places}: ${ops.slice(0, 3).join(', ')}${ops.length > 3 ? ', …' : ''}`,
          ...(ops.length === 1 ? { operation: ops[0] } : {}),
          subject: `${component}.${tail(f.property)}`,
          where: { kind: 'component', section: 'schemas', name: component, needle: tail(f.property).replace('[]', '') },
        });
      }
      return out;
    },
  });
}
