// Use-after-delete on a fresh resource: read it (test-mode resources settle on read, as the
// documented flows do), end it as documented, then read it, end it again and look for it in its list.
import type { Observation, Probe } from '../probes/types.js';
import { withFresh } from './fresh.js';
import type { EndAgainEvidence, ReadAfterEndEvidence } from './model.js';
import { is2xx, lookInList, onItem, received } from './requests.js';

export const useAfterDeleteProbe: Probe = (env, c) =>
  withFresh(env, c, 'last', async (plan, id) => {
    const ending = plan.ending;
    if (!ending) return { skip: 'the family documents no ending' };
    await onItem(env, plan.read, id);
    const end = await onItem(env, ending.operationId, id, ending.request);
    const what = `${ending.operationId} "${ending.example}"`;
    if (!is2xx(end.exchange)) return { skip: `${what} of a fresh copy answered ${received(end.exchange)}` };
    const endedBy = `${ending.operationId} (${ending.mode === 'gone' ? 'deleted' : 'ended'})`;
    const read = await onItem(env, plan.read, id);
    const readAfter: ReadAfterEndEvidence = { step: 'read-after-end', want: ending.readAfter, endedState: ending.endedState, endedBy };
    const out: Observation[] = [{ label: 'read after', exchange: read.exchange, sent: read.inputs, related: readAfter }];
    if (ending.again) {
      const again = await onItem(env, ending.operationId, id, ending.request);
      const related: EndAgainEvidence = {
        step: 'end-again',
        want: ending.again,
        endedState: ending.endedState,
        endedBy: ending.operationId,
      };
      out.push({ label: 'again', exchange: again.exchange, sent: again.inputs, related });
    } else out.push({ label: 'again', skip: `${ending.operationId} documents no answer for ending an ended resource` });
    if (plan.list) {
      const want = ending.mode === 'gone' ? 'absent' : 'absent-or-ended';
      const { evidence, last } = await lookInList(env, plan.list, id, want, ending.endedState);
      out.push({ label: 'list', exchange: last, related: evidence });
    }
    return out;
  });
