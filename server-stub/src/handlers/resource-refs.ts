// Loading the agents, contacts and campaigns an operation names, shared by the Agents, Calls,
// Campaigns and Contacts handlers: an id this account does not have is a 404 (ARCHITECTURE.md §2).
import type { components } from '../../../generated/schema.js';
import type { RequestContext } from '../context.js';
import { notFound } from '../http/problem.js';

export type Agent = components['schemas']['Agent'];
export type Contact = components['schemas']['Contact'];
export type Campaign = components['schemas']['Campaign'];
/** A campaign as stored, with its contacts and those already called (test mode: the answering test number). */
export interface StoredCampaign extends Campaign {
  _contact_ids: string[];
  /** Absent on campaigns stored before it existed: none called. */
  _called_ids?: string[];
}

export const AGENT = 'agent';
export const CONTACT = 'contact';
export const CAMPAIGN = 'campaign';

function load<T>(ctx: RequestContext, kind: string, what: string, id: string): T {
  const doc = ctx.stores.resources.get<T>(ctx.account.id, kind, id);
  if (!doc) throw notFound(what, id);
  return doc;
}

export const loadAgent = (ctx: RequestContext, id: string) => load<Agent>(ctx, AGENT, 'agent', id);
export const loadContact = (ctx: RequestContext, id: string) => load<Contact>(ctx, CONTACT, 'contact', id);
export const loadCampaign = (ctx: RequestContext, id: string) => load<StoredCampaign>(ctx, CAMPAIGN, 'campaign', id);
