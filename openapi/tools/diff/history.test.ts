// The project's own spec history passes the gate with openapi/accepted-changes.yaml (and fails
// without it), and openapi/CHANGELOG.md is what that history writes. A shallow clone skips, saying why.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAccepted } from './accepted.js';
import { diffSpecs } from './diff.js';
import { CHANGELOG_FILE, historyChangelog, specCommits, walkHistory } from './history.js';
import { RULES } from './rules/index.js';

const history = specCommits();
const reason = history.ok ? '' : ` (skipped: ${history.reason})`;

describe.skipIf(!history.ok)(`the spec's own history${reason}`, () => {
  const accepted = readAccepted(undefined, new Set(RULES.map((r) => r.id)));
  const steps = history.ok ? walkHistory(history.commits, accepted) : [];

  it('passes the gate with the accepted changes, each accepted break listed with its reason', () => {
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((s) => s.report.failed).map((s) => s.commit)).toEqual([]);
    const accepted = steps.flatMap((s) => s.report.changes.filter((c) => c.accepted !== undefined));
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((c) => c.level === 'breaking' && (c.accepted ?? '').length > 10)).toBe(true);
  });

  it('fails the gate on the same history without them', () => {
    const broken = steps.find((s) => s.report.changes.some((c) => c.level === 'breaking'));
    expect(broken).toBeDefined();
    if (broken) expect(diffSpecs(broken.from.spec, broken.to.spec).failed).toBe(true);
  });

  it('openapi/CHANGELOG.md is what the history writes (npm run changelog)', () => {
    expect(readFileSync(CHANGELOG_FILE, 'utf8')).toBe(historyChangelog(steps));
  });
});
