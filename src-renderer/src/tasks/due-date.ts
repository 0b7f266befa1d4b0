/**
 * Due dates between the `<input type="date">` (a local day) and the store (ISO 8601). A picked day
 * is stored as the end of that local day, so a task turns overdue only once its day is over.
 */

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The stored due date for a picked day; an empty input clears it. */
export function dueOfDay(day: string): string | null {
  if (!DAY_ONLY.test(day)) return null;
  return new Date(`${day}T23:59:59.999`).toISOString();
}

/** The local day to show for a stored due date; a date without a time (set by the CLI or the API) is that day. */
export function dayOfDue(due: string | null): string {
  if (!due) return '';
  if (DAY_ONLY.test(due)) return due;
  const at = new Date(due);
  if (Number.isNaN(at.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
