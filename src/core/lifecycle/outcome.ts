/**
 * What a lifecycle transition returns: the new state and what it caused, or a typed error the
 * service turns into a VigilError (the code is one of src/core/errors.ts). Transitions never
 * throw for a refused command: a refusal is an answer, not a failure.
 */
import type { ErrorCode } from '../errors.ts';

export interface LifecycleError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: LifecycleError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T>(code: ErrorCode, message: string): Outcome<T> => ({
  ok: false,
  error: { code, message },
});
