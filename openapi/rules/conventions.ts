// Every rule's message ends with a link to the convention it enforces: a section of this folder's
// README (its GitHub heading anchor), so the reason behind a lint problem is one click away and
// never outside the repository. rules.test.ts checks that every anchor exists.
import type { Location, UserContext } from '@redocly/openapi-core';

export const README = 'openapi/README.md';

/** The README sections the rules point at, as GitHub heading anchors. */
export const SECTIONS = [
  'security',
  'rate-limits',
  'responses',
  'idempotency',
  'lists',
  'webhooks',
  'examples-are-test-cases',
  'test-mode',
] as const;
export type Section = (typeof SECTIONS)[number];

export const referenceTo = (section: Section) => `${README}#${section}`;

export type Report = (ctx: Pick<UserContext, 'report'>, message: string, location?: Location) => void;

/** A report function for one convention: the message gets `(see openapi/README.md#…)`, and the
 * problem the same link as its `reference` (which Redocly's JSON and codeframe output print). */
export function reporter(section: Section): Report {
  const reference = referenceTo(section);
  return (ctx, message, location) => ctx.report({ message: `${message} (see ${reference})`, reference, location });
}
