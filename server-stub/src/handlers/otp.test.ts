import { describe, expect, it } from 'vitest';
import { TEST_OTP_CODE } from '../test-mode.js';
import { thrown } from '../testing/assert.js';
import type { Scenario } from '../testing/examples.js';
import { scenarioTests } from '../testing/tables.js';
import { input, World } from '../testing/world.js';
import { OTP_ATTEMPTS, OTP_TTL_MS, otpHandlers } from './otp.js';

const OPS = ['sendOtp', 'verifyOtp'];

// given: the example pairs replayed in order on a fresh account; want: each answer as documented.
// verifyOtp's examples run in the order its description gives: rejected, approved, conflict.
const table: Scenario[] = [
  {
    given: 'an OTP, a wrong code, the right one, then the right one again',
    steps: ['sendOtp:otp-sent', 'verifyOtp:rejected', 'verifyOtp:approved', 'verifyOtp:conflict'],
  },
  { given: 'the 402 test number', steps: ['sendOtp:insufficient-balance'] },
  { given: 'the 403 test number', steps: ['sendOtp:spend-cap-exceeded'] },
  { given: 'the 502 test number', steps: ['sendOtp:upstream-error'] },
  { given: 'a number that is not E.164', steps: ['sendOtp:validation-error'] },
  { given: 'an unknown OTP', steps: ['verifyOtp:not-found'] },
  { given: 'a code that is not 6 digits', steps: ['verifyOtp:validation-error'] },
];

describe('OTP: documented example pairs', () => {
  scenarioTests(OPS, table);
});

const send = (world: World, mode: 'live' | 'test' = 'test') =>
  otpHandlers.sendOtp(input({ body: { to: '+14155550123' } }), world.ctx({ mode }));
const verify = async (world: World, otp_id: string, code: string, accountId?: string) =>
  (await otpHandlers.verifyOtp(input({ body: { otp_id, code } }), world.ctx({ account: accountId }))).body;

describe('OTP: verification rules', () => {
  it(`allows ${OTP_ATTEMPTS} wrong codes, then answers expired whatever the code`, async () => {
    const world = new World();
    const otp = (await send(world)).body;
    const remaining: number[] = [];
    for (let i = 0; i < OTP_ATTEMPTS; i++) {
      const v = await verify(world, otp.id, '000000');
      expect(v.status).toBe('rejected');
      remaining.push(v.attempts_remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    expect(await verify(world, otp.id, TEST_OTP_CODE)).toMatchObject({ status: 'expired', attempts_remaining: 0 });
  });

  // given: the time since the send; want: the outcome of the right code.
  const ages = [
    { given: 'just sent', ms: 0, want: 'approved' },
    { given: 'one second before expiry', ms: OTP_TTL_MS - 1000, want: 'approved' },
    { given: 'exactly 10 minutes', ms: OTP_TTL_MS, want: 'expired' },
    { given: 'an hour', ms: 3_600_000, want: 'expired' },
  ];
  it.each(ages)('the right code, $given after the send → $want', async ({ ms, want }) => {
    const world = new World();
    const otp = (await send(world)).body;
    expect(Date.parse(otp.expires_at) - Date.parse(otp.created_at)).toBe(OTP_TTL_MS);
    world.advance(ms);
    expect(await verify(world, otp.id, TEST_OTP_CODE)).toMatchObject({ status: want, attempts_remaining: 0 });
  });

  it('an approved OTP is used up: 409 whatever the code', async () => {
    const world = new World();
    const otp = (await send(world)).body;
    await verify(world, otp.id, TEST_OTP_CODE);
    expect((await thrown(() => verify(world, otp.id, '000000'))).code).toBe('CONFLICT');
  });

  it("another account's OTP is not found", async () => {
    const world = new World();
    const other = world.addAccount();
    const otp = (await send(world)).body;
    expect((await thrown(() => verify(world, otp.id, TEST_OTP_CODE, other))).code).toBe('NOT_FOUND');
  });

  it('stores every verification and only a hash of the code', async () => {
    const world = new World();
    const otp = (await send(world)).body;
    await verify(world, otp.id, '000000');
    const stored = world.stores.resources.get<Record<string, unknown>>(world.account().id, 'otp', otp.id)!;
    expect(Object.values(stored)).not.toContain(TEST_OTP_CODE);
    expect(stored._code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(world.stores.resources.all(world.account().id, 'otp_verification')).toHaveLength(1);
  });
});

describe('OTP: modes and charges', () => {
  it('test mode charges nothing, live mode charges one OTP with a usage record', async () => {
    const world = new World({ balance: 100 });
    await send(world, 'test');
    expect(world.account().balance.amount).toBe(100);
    const live = (await send(world, 'live')).body;
    expect(world.account().balance.amount).toBe(95);
    expect(world.stores.resources.all(world.account().id, 'usage')).toEqual([
      expect.objectContaining({ type: 'otp', quantity: 1, resource_id: live.id }),
    ]);
  });

  it('a live OTP is not the test code (its random code is never delivered by the stub)', async () => {
    const world = new World();
    const live = (await send(world, 'live')).body;
    // 1 chance in a million that the random live code is 123456.
    expect((await verify(world, live.id, TEST_OTP_CODE)).status).toBe('rejected');
  });

  it('live refusals: no balance → 402, nothing stored', async () => {
    const world = new World({ balance: 4 });
    expect((await thrown(() => send(world, 'live'))).code).toBe('INSUFFICIENT_BALANCE');
    expect(world.stores.resources.all(world.account().id, 'otp')).toEqual([]);
  });
});
