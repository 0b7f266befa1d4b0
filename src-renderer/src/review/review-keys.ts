import type { ANNOTATION_STATUSES } from '../../../src-shared/contract/entities';
import type { ANNOTATION_TYPES } from '../../../src-shared/geometry/schemas';

export interface ReviewFilters {
  annotator_id?: string;
  class_id?: number;
  annotation_type?: (typeof ANNOTATION_TYPES)[number];
  annotation_status?: (typeof ANNOTATION_STATUSES)[number];
  /** Which images: awaiting review, reviewed, or all. */
  reviewed: 'false' | 'true' | 'all';
}

export interface QueueEntry {
  image_id: string;
  filename: string;
  width: number;
  height: number;
  reviewed: boolean;
  annotation_count: number;
  pending: number;
  approved: number;
  rejected: number;
  open_issues: number;
}

/** The filters as the contract's review queue input. */
export function filterInput(f: ReviewFilters) {
  return {
    annotator_id: f.annotator_id,
    class_id: f.class_id,
    annotation_type: f.annotation_type,
    annotation_status: f.annotation_status,
    reviewed: f.reviewed === 'all' ? null : f.reviewed === 'true',
  };
}

export type ReviewAction = 'focus-next' | 'focus-prev' | 'approve' | 'reject' | 'reset' | 'reviewed' | 'next-image' | 'prev-image' | 'comment';

/**
 * Whether a key went to a text field or a control (those keep their keys). Checkboxes and radio
 * buttons only take Space, so the review keys still work after ticking a row of the queue.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  if (!el || !el.tagName) return false;
  if (el.tagName === 'INPUT') return el.type !== 'checkbox' && el.type !== 'radio';
  return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || !!el.isContentEditable;
}

/**
 * The review keymap. Y/X rather than A/R: A and R are taken by the editor's tools, and the
 * reviewer's hand stays on one side of the keyboard. Keys typed into a field are left alone.
 */
export function reviewKeyAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null }): ReviewAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return null;
  // Enter on a focused button presses the button, not "reviewed".
  if (e.key === 'Enter' && (e.target as { tagName?: string } | null)?.tagName === 'BUTTON') return null;
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      return 'focus-next';
    case 'ArrowUp':
    case 'k':
      return 'focus-prev';
    case 'y':
    case 'Y':
      return 'approve';
    case 'x':
    case 'X':
      return 'reject';
    case 'u':
    case 'U':
      return 'reset';
    case 'Enter':
      return 'reviewed';
    case 'ArrowRight':
    case 'PageDown':
      return 'next-image';
    case 'ArrowLeft':
    case 'PageUp':
      return 'prev-image';
    case 'c':
    case 'C':
      return 'comment';
    default:
      return null;
  }
}

type KeyInput = Parameters<typeof reviewKeyAction>[0];

export type ResponseAction = 'next' | 'prev' | 'approve' | 'reject' | 'reset';

/**
 * The response-review keymap: the image keys where they mean the same (Y, X, U), and both the
 * focus keys (↑/↓, J/K) and the image keys (←/→) walk the one list of responses.
 */
export function responseKeyAction(e: KeyInput): ResponseAction | null {
  switch (reviewKeyAction(e)) {
    case 'focus-next':
    case 'next-image':
      return 'next';
    case 'focus-prev':
    case 'prev-image':
      return 'prev';
    case 'approve':
      return 'approve';
    case 'reject':
      return 'reject';
    case 'reset':
      return 'reset';
    default:
      return null;
  }
}

/** Ctrl+A (Cmd+A on a Mac) outside a text field: select every row of the focused queue. */
export function isSelectAll(e: KeyInput): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'a' || e.key === 'A') && !isTypingTarget(e.target);
}

/** 0 or F outside a text field: fit the image under review back into its box. */
export function isFitKey(e: KeyInput): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === '0' || e.key === 'f' || e.key === 'F') && !isTypingTarget(e.target);
}
