// How a check is declared: a pure `(ctx, exchange) => failures` under a kebab-case id, with what it
// is (a response check every exchange gets, or a probe's verdict) and which profiles can honour it,
// so the registry needs no second list. Preconditions are wrappers that turn "does not apply" into
// a Skip with its reason, so that skipped is always reported apart from passed.
import type {
  Check,
  CheckContext,
  CheckFn,
  CheckOutcome,
  CheckRole,
  Evidence,
  EvidenceKind,
  Exchange,
  HttpResponse,
  Profile,
  Skip,
} from '../types.js';

export interface CheckMetadata {
  /** Default `verdict`: run only on the cases of the probe that owns it. */
  role?: CheckRole;
  /** Default: the full profile only (a stateful implementation). */
  profiles?: readonly Profile[];
}

export function defineCheck(id: string, title: string, run: CheckFn, meta: CheckMetadata = {}): Check {
  return { id, title, run, role: meta.role ?? 'verdict', profiles: meta.profiles ?? ['full'] };
}

/** A check every exchange gets, in every profile unless narrowed. */
export const defineResponseCheck = (id: string, title: string, run: CheckFn, profiles: readonly Profile[] = ['full', 'mock']): Check =>
  defineCheck(id, title, run, { role: 'response', profiles });

/** The probe's evidence of one kind, typed; undefined when the observation carries another (or none). */
export function evidenceOf<K extends EvidenceKind>(
  ctx: Pick<CheckContext, 'evidence'>,
  kind: K,
): Extract<Evidence, { kind: K }> | undefined {
  const e = ctx.evidence;
  return e?.kind === kind ? (e as Extract<Evidence, { kind: K }>) : undefined;
}

type Precondition = (ctx: CheckContext, ex: Exchange) => string | undefined;

/** Runs `fn` only when every precondition holds (each returns a skip reason or undefined). */
export function when(...args: [...Precondition[], CheckFn]): CheckFn {
  const fn = args.pop() as CheckFn;
  const preconditions = args as Precondition[];
  return (ctx, ex): CheckOutcome => {
    for (const p of preconditions) {
      const reason = p(ctx, ex);
      if (reason) return { skip: reason };
    }
    return fn(ctx, ex);
  };
}

export const hasResponse: Precondition = (_ctx, ex) => (ex.response ? undefined : 'no response (see response-received)');

export const hasJsonBody: Precondition = (_ctx, ex) =>
  !ex.response ? 'no response' : ex.response.json === undefined ? 'the body is not JSON (see json-body)' : undefined;

export const statusIsExpected: Precondition = (ctx, ex) =>
  ex.response && String(ex.response.status) !== ctx.expected.status
    ? `received ${ex.response.status}, not the documented ${ctx.expected.status} (see status-code)`
    : undefined;

export const fullProfile: Precondition = (ctx) => (ctx.profile === 'full' ? undefined : 'not checked against a stateless mock');

/** The check does not apply here by nature (Retry-After on a 200): left out of reports. */
export const na = (reason: string): Skip => ({ skip: reason, na: true });

/** The response as a non-optional value, for checks behind `hasResponse`. */
export const res = (ex: Exchange): HttpResponse => ex.response as HttpResponse;
