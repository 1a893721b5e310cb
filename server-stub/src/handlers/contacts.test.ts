import { describe, expect, it } from 'vitest';
import type { Step } from '../testing/examples.js';
import { examplePairTests } from '../testing/tables.js';
import { World } from '../testing/world.js';

const CONTACT = 'ctc_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6';

const examples: { given: Step[]; want: Step }[] = [
  { given: [], want: 'createContact:contact' },
  { given: [], want: 'createContact:test-answers' },
  { given: ['createContact:contact'], want: 'createContact:conflict' },
  { given: ['createContact:contact'], want: 'getContact:contact' },
  { given: [], want: 'getContact:not-found' },
  { given: ['createContact:contact'], want: 'listContacts:contacts-page' },
  { given: ['createContact:contact'], want: 'updateContact:update' },
  { given: ['createContact:contact', 'importContacts:import'], want: 'updateContact:conflict' },
  { given: [], want: 'updateContact:not-found' },
  { given: ['createContact:contact'], want: 'deleteContact:deleted' },
  { given: [], want: 'deleteContact:not-found' },
  { given: ['createContact:contact'], want: 'importContacts:import' },
];
const schemaRejected: Step[] = [
  'createContact:validation-error',
  'listContacts:validation-error',
  'updateContact:validation-error',
  'importContacts:validation-error',
];

describe('Contacts: documented example pairs', () => {
  examplePairTests(
    ['listContacts', 'createContact', 'getContact', 'updateContact', 'deleteContact', 'importContacts'],
    examples,
    schemaRejected,
  );
});

const row = (phone: string, extra: Record<string, unknown> = {}) => ({ phone_number: phone, ...extra });

describe('Contacts: import', () => {
  const cases: {
    name: string;
    existing: Record<string, unknown>[];
    body: Record<string, unknown>;
    want: { created: number; updated: number; skipped: number; errors: number[] };
    /** first_name of the +14155550124 contact afterwards */
    stored: string | null;
  }[] = [
    {
      name: 'into an empty account',
      existing: [],
      body: { contacts: [row('+14155550124'), row('+14155550125'), row('+14155550124')] },
      want: { created: 2, updated: 0, skipped: 0, errors: [2] },
      stored: null,
    },
    {
      name: 'skip (the default) leaves existing contacts alone',
      existing: [row('+14155550124', { first_name: 'Old' })],
      body: { contacts: [row('+14155550124', { first_name: 'New' })] },
      want: { created: 0, updated: 0, skipped: 1, errors: [] },
      stored: 'Old',
    },
    {
      name: 'update changes existing contacts',
      existing: [row('+14155550124', { first_name: 'Old' })],
      body: { on_duplicate: 'update', contacts: [row('+14155550124', { first_name: 'New' }), row('+14155550126')] },
      want: { created: 1, updated: 1, skipped: 0, errors: [] },
      stored: 'New',
    },
    {
      name: 'update uses the first of repeated rows only',
      existing: [row('+14155550124', { first_name: 'Old' })],
      body: {
        on_duplicate: 'update',
        contacts: [row('+14155550124', { first_name: 'New' }), row('+14155550124', { first_name: 'Later' })],
      },
      want: { created: 0, updated: 1, skipped: 0, errors: [1] },
      stored: 'New',
    },
  ];

  it.each(cases)('$name', ({ existing, body, want, stored }) => {
    const w = new World();
    for (const c of existing) expect(w.call('createContact', { body: c }).status).toBe(201);
    const { status, body: result } = w.call('importContacts', { body });
    expect(status).toBe(200);
    expect({ ...result, errors: result.errors.map((e: any) => e.index) }).toEqual({ object: 'contact_import', ...want });
    const contacts = w.call('listContacts', { query: { phone_number: '+14155550124' } }).body.data;
    expect(contacts.map((c: any) => c.first_name)).toEqual([stored]);
  });
});

describe('Contacts: updates and deletes', () => {
  const path = (w: World) => ({ contact_id: w.ids.get(CONTACT) });

  it('clears with null, replaces tags and metadata, keeps the rest', () => {
    const w = new World().given('createContact:contact');
    const { body } = w.call('updateContact', { path: path(w), body: { first_name: null, tags: ['vip'], metadata: {} } });
    expect(body).toMatchObject({ first_name: null, last_name: 'Doe', email: 'jane.doe@example.com', tags: ['vip'], metadata: {} });
    expect(w.doc('contact', CONTACT)).toEqual(body);
  });

  it('accepts its own number again (no conflict with itself)', () => {
    const w = new World().given('createContact:contact');
    expect(w.call('updateContact', { path: path(w), body: { phone_number: '+14155550123' } }).status).toBe(200);
  });

  it('allows the same number in another account', () => {
    const w = new World().given('createContact:contact');
    expect(w.call('createContact', { body: row('+14155550123') }, { account: w.addAccount() }).status).toBe(201);
  });

  it('filters the list by tag and by phone number', () => {
    const w = new World().given('createContact:contact');
    w.call('createContact', { body: row('+14155550124', { tags: ['lead'] }) });
    const phones = (query: Record<string, unknown>) => w.call('listContacts', { query }).body.data.map((c: any) => c.phone_number);
    expect(phones({})).toEqual(['+14155550124', '+14155550123']);
    expect(phones({ tag: 'patient' })).toEqual(['+14155550123']);
    expect(phones({ phone_number: '+14155550124' })).toEqual(['+14155550124']);
    expect(phones({ tag: 'nobody' })).toEqual([]);
  });

  it('takes a deleted contact out of the campaigns that have not called it', () => {
    const w = new World().given(
      'createAgent:created',
      'createContact:contact',
      'createCampaign:campaign',
      'addCampaignContacts:add-contacts',
    );
    expect(w.replay('deleteContact:deleted').mismatches).toEqual([]);
    const campaign = w.doc('campaign', 'cmp_6Tz1Qp8Lm3Wx7Rk2Nv9Hd5');
    expect([campaign.contact_count, campaign.stats.queued, campaign._contact_ids]).toEqual([0, 0, []]);
    expect(w.call('startCampaign', { path: { campaign_id: campaign.id } }).status).toBe(409);
  });
});
