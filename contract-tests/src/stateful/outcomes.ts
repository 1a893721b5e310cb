// Verdict pieces the stateful checks share: a received answer against a documented one, and an
// item's presence in its list against what the step wants.
import { describeReceived, isObject, problemCode } from '../checks/support.js';
import type { FailureInput, Json } from '../types.js';
import { endedStateDifferences } from './compare.js';
import type { DocumentedAnswer, ListedEvidence } from './model.js';

/** Failures when `status`/`json` is not the documented answer (status, and problem code if documented). */
export function answerFailures(want: DocumentedAnswer, status: number, json: unknown, what: string): FailureInput[] {
  if (String(status) !== want.status)
    return [
      {
        message: `${what}: documented ${want.status}${want.code ? ` ${want.code}` : ''}, received ${describeReceived(status, json)}`,
        documented: Number(want.status),
        received: status,
      },
    ];
  const code = problemCode(json);
  if (want.code && code !== want.code)
    return [
      {
        message: `${what}: documented code ${want.code}, received ${code ?? 'none'}`,
        documented: want.code,
        received: code,
        pointer: '/code',
      },
    ];
  return [];
}

/** Failures of a list lookup, or a skip when the bounded walk ended before the whole list was read. */
export function listedOutcome(ev: ListedEvidence): FailureInput[] | { skip: string } {
  if (ev.error) return { skip: `the list answered ${ev.error}` };
  if (ev.want === 'present') {
    if (ev.found) return [];
    if (!ev.complete) return { skip: `${ev.id} not found in the first ${ev.pages} pages, the bound of the walk` };
    return [
      {
        message: `${ev.id} reads back but is not in its list (${ev.pages} page${ev.pages === 1 ? '' : 's'}, has_more false)`,
        documented: ev.id,
      },
    ];
  }
  if (!ev.found) return [];
  if (ev.want === 'absent') return [{ message: `${ev.id} is still listed after it was deleted`, received: ev.id, pointer: '/data' }];
  const item: Json = isObject(ev.found) ? ev.found : {};
  return endedStateDifferences(item, ev.endedState ?? []).map((d) => ({
    ...d,
    message: `listed after ending: ${d.message}`,
    pointer: `/data${d.pointer}`,
  }));
}
