// Figures a reliability scenario measured, appended as JSON lines to reports/reliability.jsonl while
// `npm run test:reliability` runs; reliability/src/table.ts prints them as one table afterwards.
// Outside that run (RELIABILITY_FIGURES unset) nothing is written.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface FigureRow {
  /** What was measured (a hostile category, "rate limit × 3 processes" …). */
  scenario: string;
  requests: number;
  /** Status (or "closed") → how many. */
  statuses: Record<string, number>;
  /** Answers ≥ 500 that the scenario did not provoke on purpose. */
  unexpected5xx: number;
  /** Server processes that died on their own (not the kills a scenario sends). */
  crashes: number;
  /** Acknowledged writes missing afterwards, plus retried writes applied twice. */
  lostWrites?: number;
  /** Requests admitted beyond a limit. */
  overAdmissions?: number;
  /** Time from a dependency's return to the first normal answer, ms. */
  recoveryMs?: number;
  note?: string;
}

export function recordFigures(row: FigureRow): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** Statuses counted from a list of answers. */
export function countStatuses(statuses: ReadonlyArray<number | string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}
