// Campaigns: draft → running ⇄ paused → completed. Changes only while draft or paused; deletion
// unless running; start needs contacts (and resumes a paused one; starting a running one changes
// nothing); pause only while running. The stub dials nobody: a contact stays queued unless it has
// the answering test number, which a running test campaign calls and gets answered at once; a
// campaign left with nobody queued completes and emits `campaign.completed` (the spec's test mode).
import type { components } from '../../../generated/schema.js';
import type { RequestContext } from '../context.js';
import { conflict, type FieldError, invalidFields, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { isAnsweringTestNumber } from '../test-mode.js';
import { activeNumberByPhone } from './account-numbers.js';
import { withoutInternal } from './internal-fields.js';
import { AGENT, CAMPAIGN, type Campaign, CONTACT, type Contact, loadAgent, loadCampaign, type StoredCampaign } from './resource-refs.js';
import type { HandlerGroup } from './types.js';

type Schedule = components['schemas']['CampaignSchedule'];

const DEFAULT_SCHEDULE: Schedule = {
  timezone: 'UTC',
  window_start: '09:00',
  window_end: '17:00',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
};

const publicCampaign = (campaign: StoredCampaign): Campaign => withoutInternal(campaign);

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The checks the request schema cannot express: `from` is the account's, the window is real. */
function fieldErrors(ctx: RequestContext, from: string | undefined, schedule: Schedule | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (from !== undefined && !activeNumberByPhone(ctx.stores, ctx.account.id, from)) {
    errors.push({ field: 'body.from', message: 'is not an active number of this account' });
  }
  if (schedule && !knownTimeZone(schedule.timezone))
    errors.push({ field: 'body.schedule.timezone', message: 'is not a known IANA time zone' });
  if (schedule && schedule.window_end <= schedule.window_start) {
    errors.push({ field: 'body.schedule.window_end', message: 'must be later than window_start' });
  }
  return errors;
}

/**
 * Saves the campaign after test mode's calls: while it runs, its queued contacts with the answering
 * test number are called and answered at once; when nobody is left queued it completes, and the
 * save and the `campaign.completed` event commit together.
 */
function save(ctx: RequestContext, campaign: StoredCampaign): Campaign {
  const { resources } = ctx.stores;
  return resources.transaction(() => {
    const next = dialTestContacts(ctx, campaign);
    resources.put(ctx.account.id, CAMPAIGN, next);
    const shown = publicCampaign(next);
    if (next.status === 'completed' && campaign.status !== 'completed') ctx.emit('campaign.completed', shown);
    return shown;
  });
}

function dialTestContacts(ctx: RequestContext, campaign: StoredCampaign): StoredCampaign {
  if (campaign.status !== 'running') return campaign;
  const called = new Set(campaign._called_ids ?? []);
  const answering = campaign._contact_ids.filter(
    (id) =>
      !called.has(id) && isAnsweringTestNumber(ctx.mode, ctx.stores.resources.get<Contact>(ctx.account.id, CONTACT, id)?.phone_number),
  );
  if (!answering.length) return campaign;
  const n = answering.length;
  const stats = {
    ...campaign.stats,
    queued: campaign.stats.queued - n,
    called: campaign.stats.called + n,
    answered: campaign.stats.answered + n,
  };
  return {
    ...campaign,
    _called_ids: [...called, ...answering],
    stats,
    status: stats.queued === 0 ? 'completed' : campaign.status,
  };
}

export const campaignHandlers: HandlerGroup<
  | 'listCampaigns'
  | 'createCampaign'
  | 'getCampaign'
  | 'updateCampaign'
  | 'deleteCampaign'
  | 'addCampaignContacts'
  | 'startCampaign'
  | 'pauseCampaign'
> = {
  listCampaigns: ({ query }, ctx) => {
    const page = ctx.stores.resources.list<StoredCampaign>(ctx.account.id, CAMPAIGN, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: query.status === undefined ? undefined : (c) => c.status === query.status,
    });
    return { status: 200, body: { ...page, data: page.data.map(publicCampaign) } };
  },

  createCampaign: ({ body }, ctx) => {
    const agent = loadAgent(ctx, body.agent_id);
    const errors = fieldErrors(ctx, body.from, body.schedule);
    if (errors.length) throw invalidFields(errors);
    const at = ctx.now.toISOString();
    const campaign: StoredCampaign = {
      id: newId('cmp'),
      object: 'campaign',
      name: body.name,
      agent_id: agent.id,
      from: body.from,
      status: 'draft',
      schedule: body.schedule ?? DEFAULT_SCHEDULE,
      max_concurrent_calls: body.max_concurrent_calls ?? 1,
      contact_count: 0,
      stats: { queued: 0, called: 0, answered: 0, failed: 0 },
      metadata: body.metadata ?? {},
      created_at: at,
      updated_at: at,
      started_at: null,
      _contact_ids: [],
    };
    ctx.stores.resources.insert(ctx.account.id, CAMPAIGN, campaign);
    return { status: 201, body: publicCampaign(campaign) };
  },

  getCampaign: ({ path }, ctx) => ({ status: 200, body: publicCampaign(loadCampaign(ctx, path.campaign_id)) }),

  updateCampaign: ({ path, body }, ctx) => {
    const campaign = loadCampaign(ctx, path.campaign_id);
    if (campaign.status === 'running' || campaign.status === 'completed') {
      throw conflict(
        `Campaign ${campaign.id} is ${campaign.status}; only a draft or paused campaign can be changed${campaign.status === 'running' ? ' (pause it first)' : ''}.`,
      );
    }
    if (body.agent_id !== undefined) loadAgent(ctx, body.agent_id);
    const errors = fieldErrors(ctx, body.from, body.schedule);
    if (errors.length) throw invalidFields(errors);
    return { status: 200, body: save(ctx, { ...campaign, ...body, updated_at: ctx.now.toISOString() }) };
  },

  deleteCampaign: ({ path }, ctx) => {
    const campaign = loadCampaign(ctx, path.campaign_id);
    if (campaign.status === 'running') throw conflict(`Campaign ${campaign.id} is running; pause it before deleting it.`);
    ctx.stores.resources.remove(ctx.account.id, CAMPAIGN, campaign.id);
    return { status: 200, body: { id: campaign.id, object: 'campaign', deleted: true } };
  },

  addCampaignContacts: ({ path, body }, ctx) => {
    const campaign = loadCampaign(ctx, path.campaign_id);
    const missing = body.contact_ids.find((id) => !ctx.stores.resources.get(ctx.account.id, CONTACT, id));
    if (missing !== undefined) throw notFound('contact', missing);
    const present = new Set(campaign._contact_ids);
    const added = body.contact_ids.filter((id) => !present.has(id));
    if (added.length) {
      const ids = [...campaign._contact_ids, ...added];
      save(ctx, {
        ...campaign,
        _contact_ids: ids,
        contact_count: ids.length,
        stats: { ...campaign.stats, queued: campaign.stats.queued + added.length },
        updated_at: ctx.now.toISOString(),
      });
    }
    return {
      status: 200,
      body: {
        object: 'campaign_contacts',
        campaign_id: campaign.id,
        added: added.length,
        already_present: body.contact_ids.length - added.length,
        contact_count: campaign._contact_ids.length + added.length,
      },
    };
  },

  startCampaign: ({ path }, ctx) => {
    const campaign = loadCampaign(ctx, path.campaign_id);
    if (campaign.status === 'running') return { status: 200, body: publicCampaign(campaign) };
    if (campaign.status === 'completed') throw conflict(`Campaign ${campaign.id} is completed; it has called every contact.`);
    if (campaign.contact_count === 0)
      throw conflict(`Campaign ${campaign.id} has no contacts to call; add some with addCampaignContacts first.`);
    if (!ctx.stores.resources.get(ctx.account.id, AGENT, campaign.agent_id)) {
      throw conflict(
        `The agent ${campaign.agent_id} of campaign ${campaign.id} no longer exists; point the campaign at another agent first.`,
      );
    }
    const at = ctx.now.toISOString();
    return { status: 200, body: save(ctx, { ...campaign, status: 'running', started_at: campaign.started_at ?? at, updated_at: at }) };
  },

  pauseCampaign: ({ path }, ctx) => {
    const campaign = loadCampaign(ctx, path.campaign_id);
    if (campaign.status !== 'running')
      throw conflict(`Campaign ${campaign.id} is ${campaign.status}, not running; only a running campaign can be paused.`);
    return { status: 200, body: save(ctx, { ...campaign, status: 'paused', updated_at: ctx.now.toISOString() }) };
  },
};
