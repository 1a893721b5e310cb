// The report as text (default), JSON, GitHub workflow commands, and a Markdown changelog section.
import type { DiffReport } from './diff.js';
import type { Change, Level } from './types.js';

const where = (c: Change) => (c.location ? `${c.location.file}:${c.location.line}` : '-');

export function summary(r: DiffReport): string {
  const count = (level: Level) => r.changes.filter((c) => c.level === level).length;
  const accepted = r.changes.filter((c) => c.accepted !== undefined).length;
  return `${count('breaking')} breaking${accepted ? ` (${accepted} accepted)` : ''}, ${count('non-breaking')} non-breaking, ${count('info')} info`;
}

export function verdict(r: DiffReport): string {
  if (!r.unaccepted.length) return 'ok: no unaccepted breaking change';
  if (r.majorBumped)
    return `ok: ${r.unaccepted.length} breaking change(s), and the major version went up (${r.baseVersion} → ${r.headVersion})`;
  return `FAIL: ${r.unaccepted.length} breaking change(s) and the major version did not go up (${r.baseVersion} → ${r.headVersion}); bump info.version's major, or accept each in openapi/accepted-changes.yaml with a reason`;
}

export function formatText(r: DiffReport, title: string): string {
  const lines = [`${title}: ${r.baseVersion} → ${r.headVersion}: ${summary(r)}`];
  for (const c of r.changes) {
    lines.push(`${c.accepted !== undefined ? 'accepted' : c.level.padEnd(12)}  ${c.rule}  ${where(c)}  ${c.message}`);
    if (c.accepted !== undefined) lines.push(`              reason: ${c.accepted}`);
  }
  lines.push(verdict(r));
  return lines.join('\n');
}

export function formatJson(r: DiffReport, base: string, head: string): string {
  const changes = r.changes.map(({ where: _where, ...c }) => c);
  return JSON.stringify(
    {
      base: { label: base, version: r.baseVersion },
      head: { label: head, version: r.headVersion },
      majorBumped: r.majorBumped,
      failed: r.failed,
      changes,
    },
    null,
    2,
  );
}

// Workflow command escaping (the runner's toolkit): data escapes %, CR, LF; properties also : and ,.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error` for an unaccepted breaking change, `::warning` for an accepted one, `::notice` for the rest. */
export function formatGithub(r: DiffReport): string {
  return r.changes
    .map((c) => {
      const command = c.level !== 'breaking' ? 'notice' : c.accepted !== undefined ? 'warning' : 'error';
      const props = [...(c.location ? [`file=${prop(c.location.file)}`, `line=${c.location.line}`] : []), `title=${prop(c.rule)}`];
      return `::${command} ${props.join(',')}::${data(c.message + (c.accepted !== undefined ? ` (accepted: ${c.accepted})` : ''))}`;
    })
    .join('\n');
}

const LEVEL_TITLES: Record<Level, string> = { breaking: 'Breaking', 'non-breaking': 'Non-breaking', info: 'Informational' };

/** One changelog section's body (no heading): the changes by level, without file:line (lines move, the changelog is committed). */
export function markdownChanges(r: DiffReport): string {
  if (!r.changes.length) return 'No classified change to the contract (examples or wording outside operations only).\n';
  const out: string[] = [];
  for (const level of ['breaking', 'non-breaking', 'info'] as const) {
    const of = r.changes.filter((c) => c.level === level);
    if (!of.length) continue;
    out.push(`### ${LEVEL_TITLES[level]} (${of.length})`, '');
    for (const c of of) out.push(`- \`${c.rule}\`: ${c.message}${c.accepted !== undefined ? ` — accepted: ${c.accepted}` : ''}`);
    out.push('');
  }
  return out.join('\n');
}
