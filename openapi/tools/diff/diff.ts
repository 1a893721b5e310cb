// The gate: every registered rule on the contract models of two specs, superseded findings folded,
// accepted changes marked, and the verdict — fail on an unaccepted breaking change unless the
// major version (info.version) went up.
import { contractModel } from '../contract-model.js';
import type { Spec } from '../spec.js';
import { type AcceptedChange, acceptance } from './accepted.js';
import { locate } from './locate.js';
import { RULES } from './rules/index.js';
import { type Change, type DiffRule, LEVELS } from './types.js';

export interface DiffOptions {
  accepted?: readonly AcceptedChange[];
  /** The commits that made the head (full hashes): what an accepted change's `commit` matches. */
  commits?: readonly string[];
  rules?: readonly DiffRule[];
}

export interface DiffReport {
  baseVersion: string;
  headVersion: string;
  /** The head's major version is greater than the base's: breaking changes are allowed. */
  majorBumped: boolean;
  /** Every change, breaking first, then by rule order. */
  changes: Change[];
  /** Breaking changes no entry accepts. */
  unaccepted: Change[];
  /** Exit 1: an unaccepted breaking change without a major bump. */
  failed: boolean;
}

const major = (version: string): number => {
  const m = /^v?(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : Number.NaN;
};

/** Keys a change by what it concerns, for superseding: same operation, same subject. */
const about = (c: Change) => `${c.operation ?? ''}\u0000${c.subject ?? ''}`;

export function diffSpecs(baseSpec: Spec, headSpec: Spec, options: DiffOptions = {}): DiffReport {
  const rules = options.rules ?? RULES;
  const base = contractModel(baseSpec);
  const head = contractModel(headSpec);
  let changes: Change[] = rules.flatMap((rule) =>
    rule.check(base, head).map((c): Change => ({ ...c, rule: rule.id, level: rule.level, location: locate(c.where) })),
  );
  const superseded = new Set<string>();
  for (const rule of rules)
    for (const c of changes) if (c.rule === rule.id) for (const s of rule.supersedes ?? []) superseded.add(`${s}\u0000${about(c)}`);
  changes = changes.filter((c) => !superseded.has(`${c.rule}\u0000${about(c)}`));
  changes.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
  for (const c of changes) {
    const entry = c.level === 'breaking' ? acceptance(c, options.accepted ?? [], options.commits ?? []) : undefined;
    if (entry) c.accepted = entry.reason;
  }
  const unaccepted = changes.filter((c) => c.level === 'breaking' && c.accepted === undefined);
  const [baseVersion, headVersion] = [String(baseSpec.info?.version), String(headSpec.info?.version)];
  const majorBumped = major(headVersion) > major(baseVersion);
  return { baseVersion, headVersion, majorBumped, changes, unaccepted, failed: unaccepted.length > 0 && !majorBumped };
}
