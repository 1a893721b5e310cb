// Messages: send an SMS, read and list them. The stub has no carrier: a message is `queued` in the
// response that sends it and reaches its outcome on the first later access (get or list), lazily,
// persisted, with its webhook (`message.delivered` / `message.failed`) recorded at that moment.
// Test mode: `+15005550009` fails as `unreachable`, every other message is delivered for free.
// Live mode: nothing is sent either (no carrier), so live messages are simulated as delivered; they
// are charged when accepted, per segment — the stub's stand-in for "charged once sent", exact
// here because a live message never fails before being sent.
import type { components } from '../../../generated/schema.js';
import { assertCanCharge, charge, PRICES } from '../charges.js';
import type { RequestContext } from '../context.js';
import { invalid, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { isFailingTestNumber, magicOutcome } from '../test-mode.js';
import { NUMBER, type PhoneNumberRecord } from './account-numbers.js';
import { withoutInternal } from './internal-fields.js';
import { countSegments } from './sms-segments.js';
import type { HandlerGroup } from './types.js';

type Message = components['schemas']['Message'];
type Money = components['schemas']['Money'];

const KIND = 'message';

/** Where a queued message ends up; decided when it is sent, applied on its next access. */
interface Outcome {
  status: 'delivered' | 'failed';
  error_code: Message['error_code'];
  price: Money | null;
}
type StoredMessage = Message & { _outcome?: Outcome };

const toMessage = (doc: StoredMessage): Message => withoutInternal(doc);

/** `from` must be an active, SMS-capable number of the account; it defaults to the oldest one. */
function resolveFrom(ctx: RequestContext, from: string | undefined): string {
  const numbers = ctx.stores.resources.all<PhoneNumberRecord>(ctx.account.id, NUMBER, (n) => n.status === 'active' && n.capabilities.sms);
  if (from === undefined) {
    const first = numbers.at(-1); // newest first: the last is the account's first number
    if (!first) throw invalid('body.from', 'the account has no active SMS-capable number to send from');
    return first.phone_number;
  }
  if (!numbers.some((n) => n.phone_number === from)) throw invalid('body.from', "must be one of the account's active SMS-capable numbers");
  return from;
}

/** Applies a queued message's outcome (once, even when two requests race) and emits its webhook. */
function settle(ctx: RequestContext, doc: StoredMessage): StoredMessage {
  if (!doc._outcome) return doc;
  const { resources } = ctx.stores;
  return resources.transaction(() => {
    const current = resources.get<StoredMessage>(ctx.account.id, KIND, doc.id) ?? doc;
    if (!current._outcome) return current;
    const { _outcome: outcome, ...queued } = current;
    const at = ctx.now.toISOString();
    const settled: StoredMessage =
      outcome.status === 'delivered'
        ? { ...queued, status: 'delivered', error_code: null, price: outcome.price, sent_at: at, delivered_at: at }
        : { ...queued, status: 'failed', error_code: outcome.error_code, price: null, sent_at: null, delivered_at: null };
    resources.put(ctx.account.id, KIND, settled);
    ctx.emit(`message.${settled.status}`, toMessage(settled));
    return settled;
  });
}

export const messageHandlers: HandlerGroup<'listMessages' | 'sendMessage' | 'getMessage'> = {
  sendMessage: ({ body }, ctx) => {
    magicOutcome(ctx, body.to);
    const from = resolveFrom(ctx, body.from);
    const { segments } = countSegments(body.body);
    assertCanCharge(ctx, 'sms', segments);
    const currency = ctx.account.balance.currency;
    const message: StoredMessage = {
      id: newId('msg'),
      object: 'message',
      direction: 'outbound',
      from,
      to: body.to,
      body: body.body,
      status: 'queued',
      segments,
      error_code: null,
      price: null,
      metadata: body.metadata ?? {},
      created_at: ctx.now.toISOString(),
      sent_at: null,
      delivered_at: null,
      _outcome: isFailingTestNumber(ctx.mode, body.to)
        ? { status: 'failed', error_code: 'unreachable', price: null }
        : { status: 'delivered', error_code: null, price: { amount: ctx.mode === 'test' ? 0 : PRICES.sms.cents * segments, currency } },
    };
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.insert(ctx.account.id, KIND, message);
      charge(ctx, 'sms', message.id, segments);
    });
    return { status: 201, body: toMessage(message) };
  },

  getMessage: ({ path }, ctx) => {
    const doc = ctx.stores.resources.get<StoredMessage>(ctx.account.id, KIND, path.message_id);
    if (!doc) throw notFound('message', path.message_id);
    return { status: 200, body: toMessage(settle(ctx, doc)) };
  },

  listMessages: ({ query }, ctx) => {
    const { resources } = ctx.stores;
    // Reading is an access: every queued message reaches its outcome before the filters apply
    // (only queued messages carry one: read by the status index, not every message).
    resources.transaction(() => {
      for (const doc of resources.withStatus<StoredMessage>(ctx.account.id, KIND, ['queued'])) settle(ctx, doc);
    });
    const page = resources.list<StoredMessage>(ctx.account.id, KIND, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: (m) => (query.status === undefined || m.status === query.status) && (query.to === undefined || m.to === query.to),
    });
    return { status: 200, body: { ...page, data: page.data.map(toMessage) } };
  },
};
