// The spec's own history: each first-parent commit that changed generated/openapi.json against the
// one before (and the working tree against HEAD when it differs), through the gate. A shallow clone
// has no history to walk and says so.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';
import type { AcceptedChange } from './accepted.js';
import { type DiffReport, diffSpecs } from './diff.js';
import { markdownChanges } from './format.js';
import { BUNDLED_PATH, git, type SpecSide, specAt } from './load.js';

export type History = { ok: true; commits: string[] } | { ok: false; reason: string };

/** The commits that changed the bundled spec, oldest first, along the first-parent line of HEAD. */
export function specCommits(): History {
  let shallow: string;
  try {
    shallow = git(['rev-parse', '--is-shallow-repository']).trim();
  } catch {
    return { ok: false, reason: 'not a git checkout: the history of the spec is not here' };
  }
  if (shallow === 'true')
    return { ok: false, reason: `shallow clone: the history of ${BUNDLED_PATH} is not here (git fetch --unshallow to walk it)` };
  const commits = git(['log', '--first-parent', '--reverse', '--format=%H', '--', BUNDLED_PATH]).split('\n').filter(Boolean);
  if (commits.length < 2 && !workingTreeDiffers(commits.at(-1)))
    return { ok: false, reason: `fewer than two versions of ${BUNDLED_PATH} in the history` };
  return { ok: true, commits };
}

const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

function workingTreeDiffers(last: string | undefined): boolean {
  if (!last) return false;
  return git(['show', `${last}:${BUNDLED_PATH}`]) !== readFileSync(join(repoRoot, BUNDLED_PATH), 'utf8');
}

export interface HistoryStep {
  from: SpecSide;
  to: SpecSide;
  /** The commit that made `to` (undefined: the working tree). */
  commit?: string;
  /** First 12 hex digits of the SHA-256 of `to`'s generated/openapi.json: a name that is the same before and after committing. */
  fingerprint: string;
  report: DiffReport;
}

/** Every consecutive pair of `commits`, then HEAD's last version against the working tree when they differ. */
export function walkHistory(commits: readonly string[], accepted: readonly AcceptedChange[]): HistoryStep[] {
  const sides = commits.map((c) => specAt(c));
  const text = readFileSync(join(repoRoot, BUNDLED_PATH), 'utf8');
  const last = sides.at(-1);
  const steps: HistoryStep[] = [];
  for (let i = 1; i < sides.length; i++) {
    // A merge's step holds its branch's commits too: an acceptance names the commit that made the change.
    const made = git(['rev-list', `${commits[i - 1]}..${commits[i]}`])
      .split('\n')
      .filter(Boolean);
    steps.push(step(sides[i - 1], sides[i], commits[i], made, accepted));
  }
  if (last && last.text !== text) {
    const working: SpecSide = { spec: JSON.parse(text), label: `working tree ${BUNDLED_PATH}`, text };
    steps.push(step(last, working, undefined, [], accepted));
  }
  return steps;
}

function step(
  from: SpecSide,
  to: SpecSide,
  commit: string | undefined,
  commits: string[],
  accepted: readonly AcceptedChange[],
): HistoryStep {
  return { from, to, commit, fingerprint: fingerprint(to.text), report: diffSpecs(from.spec, to.spec, { accepted, commits }) };
}

export const CHANGELOG_FILE = join(repoRoot, 'openapi', 'CHANGELOG.md');

/** openapi/CHANGELOG.md: one section per step, newest first, named by version and fingerprint (no hash or date of a commit, which the commit cannot know of itself). */
export function historyChangelog(steps: readonly HistoryStep[]): string {
  const out = [
    '# Changelog',
    '',
    `Every change to the contract between consecutive versions of \`${BUNDLED_PATH}\`, newest first, as \`npm run diff\` classifies it.`,
    'A version is named by its `info.version` and the first 12 hex digits of the SHA-256 of that file (`sha256sum generated/openapi.json`).',
    'Written by `npm run changelog`; a test fails when it drifts from the history. Accepted breaking changes carry their reason',
    '(`openapi/accepted-changes.yaml`).',
    '',
  ];
  for (const s of [...steps].reverse()) {
    out.push(
      `## ${s.report.headVersion} · spec ${s.fingerprint}`,
      '',
      `From ${s.report.baseVersion} · spec ${fingerprint(s.from.text)}.`,
      '',
    );
    out.push(markdownChanges(s.report));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
