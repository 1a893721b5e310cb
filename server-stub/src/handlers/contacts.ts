// Contacts: CRUD and bulk import. The phone number is unique per account (409 on create and on a
// change of number; `importContacts` skips or updates instead). Deleting a contact takes it out
// of the campaigns that have not called it yet.
import type { components } from '../../../generated/schema.js';
import type { RequestContext } from '../context.js';
import { conflict } from '../http/problem.js';
import { newId } from '../ids.js';
import { CAMPAIGN, CONTACT, type Contact, loadContact, type StoredCampaign } from './resource-refs.js';
import type { HandlerGroup } from './types.js';

type ContactInput = components['schemas']['ContactInput'];
type ContactImportResult = components['schemas']['ContactImportResult'];

const contactByPhone = (ctx: RequestContext, phone: string) =>
  ctx.stores.resources.all<Contact>(ctx.account.id, CONTACT, (c) => c.phone_number === phone)[0];

function newContact(ctx: RequestContext, input: ContactInput): Contact {
  const at = ctx.now.toISOString();
  return {
    id: newId('ctc'),
    object: 'contact',
    phone_number: input.phone_number,
    first_name: input.first_name ?? null,
    last_name: input.last_name ?? null,
    email: input.email ?? null,
    tags: input.tags ?? [],
    metadata: input.metadata ?? {},
    created_at: at,
    updated_at: at,
  };
}

/** Removes a deleted contact from every campaign that still has it queued. */
function dropFromCampaigns(ctx: RequestContext, contactId: string): void {
  const campaigns = ctx.stores.resources.all<StoredCampaign>(ctx.account.id, CAMPAIGN, (c) => c._contact_ids.includes(contactId));
  for (const campaign of campaigns) {
    const ids = campaign._contact_ids.filter((id) => id !== contactId);
    ctx.stores.resources.put(ctx.account.id, CAMPAIGN, {
      ...campaign,
      _contact_ids: ids,
      contact_count: ids.length,
      stats: { ...campaign.stats, queued: Math.max(0, campaign.stats.queued - 1) },
      updated_at: ctx.now.toISOString(),
    });
  }
}

export const contactHandlers: HandlerGroup<
  'listContacts' | 'createContact' | 'getContact' | 'updateContact' | 'deleteContact' | 'importContacts'
> = {
  listContacts: ({ query }, ctx) => ({
    status: 200,
    body: ctx.stores.resources.list<Contact>(ctx.account.id, CONTACT, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: (c) =>
        (query.tag === undefined || c.tags.includes(query.tag)) &&
        (query.phone_number === undefined || c.phone_number === query.phone_number),
    }),
  }),

  createContact: ({ body }, ctx) => {
    const holder = contactByPhone(ctx, body.phone_number);
    if (holder)
      throw conflict(`Contact ${holder.id} already has the phone number ${body.phone_number}; phone numbers are unique in the account.`);
    const contact = ctx.stores.resources.insert(ctx.account.id, CONTACT, newContact(ctx, body));
    return { status: 201, body: contact };
  },

  getContact: ({ path }, ctx) => ({ status: 200, body: loadContact(ctx, path.contact_id) }),

  updateContact: ({ path, body }, ctx) => {
    const contact = loadContact(ctx, path.contact_id);
    if (body.phone_number !== undefined && body.phone_number !== contact.phone_number) {
      const holder = contactByPhone(ctx, body.phone_number);
      if (holder)
        throw conflict(`Contact ${holder.id} already has the phone number ${body.phone_number}; phone numbers are unique in the account.`);
    }
    const updated: Contact = { ...contact, ...body, updated_at: ctx.now.toISOString() };
    ctx.stores.resources.put(ctx.account.id, CONTACT, updated);
    return { status: 200, body: updated };
  },

  deleteContact: ({ path }, ctx) => {
    const contact = loadContact(ctx, path.contact_id);
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.remove(ctx.account.id, CONTACT, contact.id);
      dropFromCampaigns(ctx, contact.id);
    });
    return { status: 200, body: { id: contact.id, object: 'contact', deleted: true } };
  },

  importContacts: ({ body }, ctx) => {
    const result: ContactImportResult = { object: 'contact_import', created: 0, updated: 0, skipped: 0, errors: [] };
    const update = body.on_duplicate === 'update';
    ctx.stores.resources.transaction(() => {
      const existing = new Map(ctx.stores.resources.all<Contact>(ctx.account.id, CONTACT).map((c) => [c.phone_number, c]));
      const firstRow = new Map<string, number>();
      body.contacts.forEach((row, index) => {
        const first = firstRow.get(row.phone_number);
        if (first !== undefined) {
          result.errors.push({ index, field: 'phone_number', message: `duplicates the phone number of row ${first}` });
          return;
        }
        firstRow.set(row.phone_number, index);
        const holder = existing.get(row.phone_number);
        if (!holder) {
          ctx.stores.resources.insert(ctx.account.id, CONTACT, newContact(ctx, row));
          result.created++;
        } else if (update) {
          ctx.stores.resources.put(ctx.account.id, CONTACT, { ...holder, ...row, updated_at: ctx.now.toISOString() });
          result.updated++;
        } else {
          result.skipped++;
        }
      });
    });
    return { status: 200, body: result };
  },
};
