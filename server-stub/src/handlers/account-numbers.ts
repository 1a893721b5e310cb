// Lookups of the account's phone numbers (kind `number`, seeded by handlers/numbers.ts) for the
// operations that use one: a call's or campaign's `from`, an agent's `phone_number_id`. The
// number document's `agent_id` mirrors the agent assignment, kept in step by handlers/agents.ts.
import type { components } from '../../../generated/schema.js';
import type { Stores } from '../context.js';

export type PhoneNumberRecord = components['schemas']['Number'];
export const NUMBER = 'number';

export const numberById = (stores: Stores, accountId: string, id: string) => stores.resources.get<PhoneNumberRecord>(accountId, NUMBER, id);

/** The account's active number with this E.164 value, if any. */
export const activeNumberByPhone = (stores: Stores, accountId: string, phone: string) =>
  stores.resources.all<PhoneNumberRecord>(accountId, NUMBER, (n) => n.phone_number === phone && n.status === 'active')[0];

/** The account's first active number: the oldest one still rented. */
export const firstActiveNumber = (stores: Stores, accountId: string) =>
  stores.resources.all<PhoneNumberRecord>(accountId, NUMBER, (n) => n.status === 'active').at(-1);

/** Records which agent a number is assigned to (null: none). */
export function setNumberAgent(stores: Stores, accountId: string, numberId: string, agentId: string | null): void {
  const number = numberById(stores, accountId, numberId);
  if (number && number.agent_id !== agentId) stores.resources.put(accountId, NUMBER, { ...number, agent_id: agentId });
}
