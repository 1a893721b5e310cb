// Read-after-create on a resource made for it; read-after-update on the family's fresh resource.
import type { Observation, Probe } from '../probes/types.js';
import { withFresh } from './fresh.js';
import type { ReadBackEvidence, UpdateEvidence } from './model.js';
import { is2xx, lookInList, onItem, received } from './requests.js';

export const readAfterCreateProbe: Probe = (env, c) =>
  withFresh(env, c, 'new', async (plan, id, made) => {
    const read = await onItem(env, plan.read, id);
    const back: ReadBackEvidence = { step: 'read-back', created: made?.body ?? {}, rules: plan.rules };
    const out: Observation[] = [{ label: 'read', exchange: read.exchange, sent: read.inputs, related: back }];
    if (plan.list) {
      const { evidence, last } = await lookInList(env, plan.list, id, 'present');
      out.push({ label: 'list', exchange: last, related: evidence });
    }
    return out;
  });

export const readAfterUpdateProbe: Probe = (env, c) =>
  withFresh(env, c, 'kept', async (plan, id) => {
    const tpl = plan.update;
    if (!tpl) return { skip: 'the family documents no update' };
    const update = await onItem(env, tpl.operationId, id, tpl.request, tpl.unique);
    if (!is2xx(update.exchange)) return { skip: `the "${tpl.example}" update of a fresh copy answered ${received(update.exchange)}` };
    const read = await onItem(env, plan.read, id);
    const related: UpdateEvidence = {
      step: 'read-after-update',
      sent: (update.inputs.body ?? {}) as UpdateEvidence['sent'],
      readable: tpl.readable,
    };
    return [{ label: 'read', exchange: read.exchange, sent: read.inputs, related }];
  });
