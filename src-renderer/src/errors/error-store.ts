import { create } from 'zustand';
import { AppError, type ErrorDetail } from '../../../src-shared/contract/errors';

export interface ShownError {
  id: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

/** The code, message and field details of anything thrown, AppError or not. */
export function describeError(error: unknown): Omit<ShownError, 'id'> {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
}

interface ErrorState {
  errors: ShownError[];
  dismiss(id: number): void;
}

let nextId = 1;

/** Errors shown as toasts until dismissed; the same message twice is shown once. */
export const useErrors = create<ErrorState>()((set) => ({
  errors: [],
  dismiss: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
}));

/** Shows an error to the user; views call this for failures they cannot show inline. */
export function reportError(error: unknown): void {
  const shown = describeError(error);
  useErrors.setState((s) =>
    s.errors.some((e) => e.code === shown.code && e.message === shown.message) ? s : { errors: [...s.errors.slice(-4), { id: nextId++, ...shown }] },
  );
}
