// How the receiver answers a delivery: webhook probes need a receiver that fails on purpose (a 500
// once, to see the sender retry; always, to see it give up), so answers are rules, not a constant.
// Rules are tried in the order they were added; the first to name a status wins, else 200. A rule
// that throws or names no HTTP status answers 500 and says why, instead of crashing the receiver.
import { type Incoming, normalizePath } from './delivery.js';

/** A status for this delivery, or `undefined` to leave it to the next rule. */
export type AnswerRule = (d: Incoming) => number | undefined;

export interface Decision {
  status: number;
  ruleError?: string;
}

export const DEFAULT_STATUS = 200;

const isStatus = (s: unknown): s is number => Number.isInteger(s) && (s as number) >= 200 && (s as number) <= 599;

export class Answers {
  readonly #rules: AnswerRule[] = [];

  add(rule: AnswerRule): void {
    this.#rules.push(rule);
  }

  decide(d: Incoming): Decision {
    for (const rule of this.#rules) {
      let status: number | undefined;
      try {
        status = rule(d);
      } catch (e) {
        return { status: 500, ruleError: `answer rule threw: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (status === undefined) continue;
      if (!isStatus(status)) return { status: 500, ruleError: `answer rule gave ${String(status)}, not an HTTP status 200–599` };
      return { status };
    }
    return { status: DEFAULT_STATUS };
  }
}

/** The first delivery on `path` this rule sees answers `status`; later ones are left to other rules. */
export function failOnceRule(path: string, status: number): AnswerRule {
  const target = normalizePath(path);
  let failed = false;
  return (d) => {
    if (failed || d.path !== target) return undefined;
    failed = true;
    return status;
  };
}

export function failAlwaysRule(path: string, status: number): AnswerRule {
  const target = normalizePath(path);
  return (d) => (d.path === target ? status : undefined);
}
