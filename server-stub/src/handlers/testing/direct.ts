// Calling a handler directly, as the pipeline would after validation: every input part present.
import { ApiError } from '../../http/problem.js';

export interface InputParts {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
}

/**
 * A handler input from the parts given. Typed `any` on purpose: tests also send what the schema
 * would refuse, to prove a handler's own checks; the handler's result stays fully typed.
 */
export const input = (parts: InputParts = {}): any => ({ path: {}, query: {}, header: {}, body: undefined, ...parts });

/** The ApiError a handler throws (handlers throw errors; they never return them). */
export async function failure(fn: () => unknown): Promise<ApiError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, the call succeeded');
}
