// Agents: CRUD, export to and import from the portable `parley.agent.v1` document. Names are
// unique per account (exact match); a number is assigned to at most one agent, and the number's
// own `agent_id` mirrors the assignment; an agent a running campaign uses cannot be deleted.
import type { components } from '../../../generated/schema.js';
import type { RequestContext } from '../context.js';
import { conflict, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { numberById, setNumberAgent } from './account-numbers.js';
import { AGENT, type Agent, CAMPAIGN, type Campaign, loadAgent } from './resource-refs.js';
import type { HandlerGroup } from './types.js';

type AgentExport = components['schemas']['AgentExport'];
type AgentFields = Omit<Agent, 'id' | 'object' | 'created_at' | 'updated_at'>;

function assertNameFree(ctx: RequestContext, name: string, selfId?: string): void {
  const holder = ctx.stores.resources.all<Agent>(ctx.account.id, AGENT, (a) => a.name === name && a.id !== selfId)[0];
  if (holder) throw conflict(`Agent ${holder.id} is already named "${name}"; agent names are unique in the account.`);
}

/** 404 for a number the account does not have; 409 for a released one or one another agent holds. */
function assertNumberAssignable(ctx: RequestContext, numberId: string, agentId: string): void {
  const number = numberById(ctx.stores, ctx.account.id, numberId);
  if (!number) throw notFound('number', numberId);
  if (number.status !== 'active') throw conflict(`Number ${numberId} is released and can no longer be assigned to an agent.`);
  const holder = ctx.stores.resources.all<Agent>(ctx.account.id, AGENT, (a) => a.phone_number_id === numberId && a.id !== agentId)[0];
  if (holder) throw conflict(`Number ${numberId} is already assigned to agent ${holder.id}; a number has at most one agent.`);
}

function insertAgent(ctx: RequestContext, id: string, fields: AgentFields): Agent {
  const at = ctx.now.toISOString();
  const agent: Agent = { id, object: 'agent', ...fields, created_at: at, updated_at: at };
  ctx.stores.resources.transaction(() => {
    ctx.stores.resources.insert(ctx.account.id, AGENT, agent);
    if (agent.phone_number_id) setNumberAgent(ctx.stores, ctx.account.id, agent.phone_number_id, agent.id);
  });
  return agent;
}

export const agentHandlers: HandlerGroup<
  'listAgents' | 'createAgent' | 'getAgent' | 'updateAgent' | 'deleteAgent' | 'exportAgent' | 'importAgent'
> = {
  listAgents: ({ query }, ctx) => ({
    status: 200,
    body: ctx.stores.resources.list<Agent>(ctx.account.id, AGENT, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: (a) =>
        (query.status === undefined || a.status === query.status) &&
        (query.phone_number_id === undefined || a.phone_number_id === query.phone_number_id),
    }),
  }),

  createAgent: ({ body }, ctx) => {
    const id = newId('agt');
    const phoneNumberId = body.phone_number_id ?? null;
    if (phoneNumberId && !numberById(ctx.stores, ctx.account.id, phoneNumberId)) throw notFound('number', phoneNumberId);
    assertNameFree(ctx, body.name);
    if (phoneNumberId) assertNumberAssignable(ctx, phoneNumberId, id);
    const agent = insertAgent(ctx, id, {
      name: body.name,
      voice: body.voice ?? 'aria',
      language: body.language ?? 'en-US',
      prompt: body.prompt,
      first_message: body.first_message ?? null,
      status: body.status ?? 'active',
      phone_number_id: phoneNumberId,
      metadata: body.metadata ?? {},
    });
    return { status: 201, body: agent };
  },

  getAgent: ({ path }, ctx) => ({ status: 200, body: loadAgent(ctx, path.agent_id) }),

  updateAgent: ({ path, body }, ctx) => {
    const agent = loadAgent(ctx, path.agent_id);
    const nextNumber = body.phone_number_id === undefined ? agent.phone_number_id : body.phone_number_id;
    if (nextNumber && nextNumber !== agent.phone_number_id && !numberById(ctx.stores, ctx.account.id, nextNumber)) {
      throw notFound('number', nextNumber);
    }
    if (body.name !== undefined) assertNameFree(ctx, body.name, agent.id);
    if (nextNumber && nextNumber !== agent.phone_number_id) assertNumberAssignable(ctx, nextNumber, agent.id);
    const updated: Agent = { ...agent, ...body, phone_number_id: nextNumber, updated_at: ctx.now.toISOString() };
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.put(ctx.account.id, AGENT, updated);
      if (nextNumber !== agent.phone_number_id) {
        if (agent.phone_number_id) setNumberAgent(ctx.stores, ctx.account.id, agent.phone_number_id, null);
        if (nextNumber) setNumberAgent(ctx.stores, ctx.account.id, nextNumber, agent.id);
      }
    });
    return { status: 200, body: updated };
  },

  deleteAgent: ({ path }, ctx) => {
    const agent = loadAgent(ctx, path.agent_id);
    const running = ctx.stores.resources.all<Campaign>(
      ctx.account.id,
      CAMPAIGN,
      (c) => c.status === 'running' && c.agent_id === agent.id,
    )[0];
    if (running)
      throw conflict(
        `Agent ${agent.id} is used by running campaign ${running.id}; pause or finish it, or point it at another agent, first.`,
      );
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.remove(ctx.account.id, AGENT, agent.id);
      if (agent.phone_number_id) setNumberAgent(ctx.stores, ctx.account.id, agent.phone_number_id, null);
    });
    return { status: 200, body: { id: agent.id, object: 'agent', deleted: true } };
  },

  exportAgent: ({ path }, ctx) => {
    const { name, voice, language, prompt, first_message, metadata } = loadAgent(ctx, path.agent_id);
    const document: AgentExport = {
      format: 'parley.agent.v1',
      exported_at: ctx.now.toISOString(),
      agent: { name, voice, language, prompt, first_message, metadata },
    };
    return { status: 200, body: document };
  },

  importAgent: ({ body }, ctx) => {
    assertNameFree(ctx, body.agent.name);
    const agent = insertAgent(ctx, newId('agt'), { ...body.agent, status: 'active', phone_number_id: null });
    return { status: 201, body: agent };
  },
};
