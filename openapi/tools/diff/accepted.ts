// Breaking changes made on purpose (oasdiff's --err-ignore, with a reason): openapi/accepted-changes.yaml.
// An entry accepts the changes of one rule, on one operation or any, made by one commit or any.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../paths.js';
import { InputError } from './load.js';
import type { Change } from './types.js';

export const ACCEPTED_FILE = join(repoRoot, 'openapi', 'accepted-changes.yaml');

export interface AcceptedChange {
  rule: string;
  /** An operationId or webhook event; `any` (or left out) for every one. */
  operation: string;
  /** The commit (a prefix of its hash) whose change is accepted, or `any`. */
  commit: string;
  reason: string;
}

export function readAccepted(file: string = ACCEPTED_FILE, known?: ReadonlySet<string>): AcceptedChange[] {
  let doc: unknown;
  try {
    doc = YAML.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read accepted changes ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const list = doc && typeof doc === 'object' && 'accepted' in doc ? (doc as { accepted: unknown }).accepted : undefined;
  if (!Array.isArray(list)) throw new InputError(`${file}: expected a top-level \`accepted:\` list`);
  return list.map((e, i) => {
    const entry = (e ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof entry[k] === 'string' || typeof entry[k] === 'number' ? String(entry[k]).trim() : '');
    const [rule, commit, reason] = [str('rule'), str('commit'), str('reason')];
    if (!rule || !commit || !reason) throw new InputError(`${file}: entry ${i + 1} needs rule, commit (a hash or "any") and reason`);
    if (known && !known.has(rule)) throw new InputError(`${file}: entry ${i + 1} names unknown rule ${rule}`);
    return { rule, operation: str('operation') || 'any', commit, reason };
  });
}

/** The entry accepting `change` when the head was made by one of `commits` (full hashes), if any. */
export function acceptance(change: Change, entries: readonly AcceptedChange[], commits: readonly string[]): AcceptedChange | undefined {
  return entries.find(
    (e) =>
      e.rule === change.rule &&
      (e.operation === 'any' || e.operation === change.operation) &&
      (e.commit === 'any' || commits.some((c) => c.startsWith(e.commit))),
  );
}
