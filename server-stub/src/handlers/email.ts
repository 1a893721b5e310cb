// Email verification. The stub asks no DNS or mail server. Test mode answers as documented: every
// address `deliverable` with `mx_found` true, except `undeliverable@example.com` (`undeliverable`,
// `mailbox_not_found`); the 402/403/502 addresses come from x-test-values via magicOutcome. Live mode
// is charged like the real service and answers `unknown` ("the mail server could not be asked"),
// with only what the address itself tells (disposable / role / free provider).
import type { components } from '../../../generated/schema.js';
import { assertCanCharge, charge, PRICES } from '../charges.js';
import { newId } from '../ids.js';
import { magicOutcome } from '../test-mode.js';
import { emailTraits } from './email-traits.js';
import type { HandlerGroup } from './types.js';

type EmailVerification = components['schemas']['EmailVerification'];

/** The one test address whose mailbox does not exist (x-test-values). */
export const UNDELIVERABLE_TEST_EMAIL = 'undeliverable@example.com';

function outcome(mode: 'live' | 'test', email: string): Pick<EmailVerification, 'result' | 'reason' | 'mx_found'> {
  if (mode === 'live') return { result: 'unknown', reason: null, mx_found: false };
  if (email === UNDELIVERABLE_TEST_EMAIL) return { result: 'undeliverable', reason: 'mailbox_not_found', mx_found: true };
  return { result: 'deliverable', reason: null, mx_found: true };
}

export const emailHandlers: HandlerGroup<'verifyEmail'> = {
  verifyEmail: ({ body }, ctx) => {
    magicOutcome(ctx, body.email);
    assertCanCharge(ctx, 'email_verification');
    const { result, reason, mx_found } = outcome(ctx.mode, body.email);
    const verification: EmailVerification = {
      id: newId('emv'),
      object: 'email_verification',
      email: body.email,
      result,
      reason,
      ...emailTraits(body.email),
      mx_found,
      price: { amount: ctx.mode === 'test' ? 0 : PRICES.email_verification.cents, currency: ctx.account.balance.currency },
      created_at: ctx.now.toISOString(),
    };
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.insert(ctx.account.id, 'email_verification', verification);
      charge(ctx, 'email_verification', verification.id);
    });
    return { status: 200, body: verification };
  },
};
