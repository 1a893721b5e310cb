// Calls: trigger (charged, concurrency-limited), list, get, hang up, call-control commands.
// The lifecycle (queued → in_progress → completed, or failed for the busy test number) is
// advanced lazily in call-lifecycle.ts; the active-calls limit lives in call-concurrency.ts.
import type { components } from '../../../generated/schema.js';
import { assertCanCharge } from '../charges.js';
import { conflict, type FieldError, invalid, invalidFields } from '../http/problem.js';
import { newId } from '../ids.js';
import { magicOutcome } from '../test-mode.js';
import { activeNumberByPhone, firstActiveNumber } from './account-numbers.js';
import { assertCanStartCall } from './call-concurrency.js';
import { advancePendingCalls, CALL, endCall, isActive, loadCall, publicCall, type StoredCall } from './call-lifecycle.js';
import { loadAgent } from './resource-refs.js';
import type { HandlerGroup } from './types.js';

type CallCommand = components['schemas']['CallCommand'];
type CallCommandResult = components['schemas']['CallCommandResult'];

const CALL_COMMAND = 'call_command';
/** The one field each command type takes (mute/unmute take none). */
const COMMAND_FIELD: Record<CallCommand['type'], 'text' | 'to' | 'digits' | null> = {
  say: 'text',
  transfer: 'to',
  dtmf: 'digits',
  mute: null,
  unmute: null,
};

function commandErrors(command: CallCommand): FieldError[] {
  const wanted = COMMAND_FIELD[command.type];
  const errors: FieldError[] = [];
  if (wanted && command[wanted] === undefined)
    errors.push({ field: `body.${wanted}`, message: `is required for a ${command.type} command` });
  for (const field of ['text', 'to', 'digits'] as const) {
    if (field !== wanted && command[field] !== undefined)
      errors.push({ field: `body.${field}`, message: `is not allowed for a ${command.type} command` });
  }
  return errors;
}

export const callHandlers: HandlerGroup<'triggerCall' | 'listCalls' | 'getCall' | 'hangupCall' | 'sendCallCommand'> = {
  triggerCall: ({ body }, ctx) => {
    magicOutcome(ctx, body.to);
    const agent = loadAgent(ctx, body.agent_id);
    if (agent.status !== 'active') throw invalid('body.agent_id', 'is an inactive agent, which takes no new calls');
    const from =
      body.from === undefined ? firstActiveNumber(ctx.stores, ctx.account.id) : activeNumberByPhone(ctx.stores, ctx.account.id, body.from);
    if (!from) {
      throw invalid(
        'body.from',
        body.from === undefined ? 'has no default: the account has no active number' : 'is not an active number of this account',
      );
    }
    // Counting and placing in one transaction: the limit holds across processes sharing the file.
    return ctx.stores.resources.transaction(() => {
      assertCanStartCall(ctx, ctx.contract.operation('triggerCall').concurrency);
      assertCanCharge(ctx, 'call');
      const call: StoredCall = {
        id: newId('call'),
        object: 'call',
        status: 'queued',
        direction: 'outbound',
        from: from.phone_number,
        to: body.to,
        agent_id: agent.id,
        end_reason: null,
        duration_seconds: null,
        answered_at: null,
        ended_at: null,
        metadata: body.metadata ?? {},
        created_at: ctx.now.toISOString(),
        _mode: ctx.mode,
      };
      ctx.stores.resources.insert(ctx.account.id, CALL, call);
      return { status: 201 as const, body: publicCall(call) };
    });
  },

  listCalls: ({ query }, ctx) => {
    advancePendingCalls(ctx); // first, so the status filter sees today's states
    const page = ctx.stores.resources.list<StoredCall>(ctx.account.id, CALL, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: query.status === undefined ? undefined : (call) => call.status === query.status,
    });
    return { status: 200, body: { ...page, data: page.data.map(publicCall) } };
  },

  getCall: ({ path }, ctx) => ({ status: 200, body: publicCall(loadCall(ctx, path.call_id)) }),

  hangupCall: ({ path }, ctx) => {
    const call = loadCall(ctx, path.call_id);
    if (!isActive(call)) throw conflict(`Call ${call.id} has already ended (${call.status}).`);
    return { status: 200, body: publicCall(endCall(ctx, call, 'hangup')) };
  },

  sendCallCommand: ({ path, body }, ctx) => {
    const call = loadCall(ctx, path.call_id);
    const errors = commandErrors(body);
    if (errors.length) throw invalidFields(errors);
    if (!isActive(call)) throw conflict(`Call ${call.id} has ended (${call.status}); it takes no more commands.`);
    const result: CallCommandResult = {
      id: newId('cmd'),
      object: 'call_command',
      call_id: call.id,
      type: body.type,
      status: 'accepted',
      created_at: ctx.now.toISOString(),
    };
    ctx.stores.resources.insert(ctx.account.id, CALL_COMMAND, { ...result, _command: body });
    return { status: 202, body: result };
  },
};
