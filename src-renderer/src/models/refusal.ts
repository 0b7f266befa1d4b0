import { AppError } from '../../../src-shared/contract/errors';
import { describeError, reportError, type ShownError } from '../errors/error-store';

export type Refusal = Omit<ShownError, 'id'>;

/**
 * Sorts a failed model action: a coded refusal from core (wrong hash, missing file, no network,
 * cancelled, not supported) is returned for the dialog to show inline; anything else is a bug
 * or a lost connection and goes to the error toasts.
 */
export function outcomeOf(error: unknown): Refusal | null {
  if (error instanceof AppError && error.code !== 'INTERNAL_ERROR') return describeError(error);
  reportError(error);
  return null;
}
