// One-time passwords: send a 6-digit code, then verify what the recipient typed. An OTP allows 5
// wrong codes and expires 10 minutes after it is sent; an approved OTP is used up (409 after).
// Only a hash of the code is stored. Test mode: every code is 123456 (TEST_OTP_CODE). Live mode:
// the code is random, and the stub has no SMS provider, so live codes are NEVER delivered to
// anyone — a live OTP can only be rejected or expire (that is the point: nobody can read it).
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { components } from '../../../generated/schema.js';
import { assertCanCharge, charge } from '../charges.js';
import { conflict, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { magicOutcome, TEST_OTP_CODE } from '../test-mode.js';
import { withoutInternal } from './internal-fields.js';
import type { HandlerGroup } from './types.js';

type Otp = components['schemas']['Otp'];
type OtpVerification = components['schemas']['OtpVerification'];

export const OTP_ATTEMPTS = 5;
export const OTP_TTL_MS = 10 * 60 * 1000;

interface OtpSecrets {
  /** SHA-256 of `<otp id>:<code>` (the id salts it; the code is never stored). */
  _code_hash: string;
  /** Wrong codes still allowed. */
  _attempts_remaining: number;
  _approved_at: string | null;
}
type StoredOtp = Otp & OtpSecrets;

const hashCode = (otpId: string, code: string) => createHash('sha256').update(`${otpId}:${code}`).digest();

const toOtp = (doc: StoredOtp): Otp => withoutInternal(doc);

export const otpHandlers: HandlerGroup<'sendOtp' | 'verifyOtp'> = {
  sendOtp: ({ body }, ctx) => {
    magicOutcome(ctx, body.to);
    assertCanCharge(ctx, 'otp');
    const id = newId('otp');
    // Live codes are generated and hashed like a real provider's, but never sent (no SMS provider).
    const code = ctx.mode === 'test' ? TEST_OTP_CODE : String(randomInt(0, 1_000_000)).padStart(6, '0');
    const otp: StoredOtp = {
      id,
      object: 'otp',
      to: body.to,
      channel: body.channel ?? 'sms',
      status: 'pending',
      expires_at: new Date(ctx.now.getTime() + OTP_TTL_MS).toISOString(),
      created_at: ctx.now.toISOString(),
      _code_hash: hashCode(id, code).toString('hex'),
      _attempts_remaining: OTP_ATTEMPTS,
      _approved_at: null,
    };
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.insert(ctx.account.id, 'otp', otp);
      charge(ctx, 'otp', id);
    });
    return { status: 201, body: toOtp(otp) };
  },

  verifyOtp: ({ body }, ctx) => {
    const { resources } = ctx.stores;
    const verification = resources.transaction(() => {
      const otp = resources.get<StoredOtp>(ctx.account.id, 'otp', body.otp_id);
      if (!otp) throw notFound('OTP', body.otp_id);
      if (otp._approved_at) throw conflict(`OTP ${otp.id} was already approved; send a new one.`);
      let status: OtpVerification['status'];
      if (ctx.now.getTime() >= Date.parse(otp.expires_at) || otp._attempts_remaining === 0) {
        status = 'expired';
      } else if (timingSafeEqual(hashCode(otp.id, body.code), Buffer.from(otp._code_hash, 'hex'))) {
        status = 'approved';
        otp._approved_at = ctx.now.toISOString();
      } else {
        status = 'rejected';
        otp._attempts_remaining -= 1;
      }
      if (status !== 'expired') resources.put(ctx.account.id, 'otp', otp);
      const result: OtpVerification = {
        id: newId('otpv'),
        object: 'otp_verification',
        otp_id: otp.id,
        status,
        attempts_remaining: status === 'rejected' ? otp._attempts_remaining : 0,
      };
      return resources.insert(ctx.account.id, 'otp_verification', result);
    });
    return { status: 200, body: verification };
  },
};
