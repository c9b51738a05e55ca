import type { DismissReason, Disposition, ReviewState } from '@app/database';

export const OPEN_STATES: readonly ReviewState[] = ['new', 'in_review', 'escalated'];
export const DISPOSITIONS: readonly Disposition[] = ['reportable', 'monitor'];
export const DISMISS_REASONS: readonly DismissReason[] = ['off_topic', 'duplicate', 'outdated', 'wrong_sense'];

export function isOpen(state: ReviewState): boolean {
  return OPEN_STATES.includes(state);
}

/** What an analyst can do to an item. Notes and assignment change no state. */
export type ReviewAction =
  | { type: 'confirm'; disposition: Disposition; note?: string }
  | { type: 'dismiss'; reason: DismissReason; note?: string; misleadingTerm?: string; misleadingSourceId?: string }
  | { type: 'escalate'; note?: string }
  | { type: 'reopen'; note?: string }
  | { type: 'assign'; assignee: string | null; note?: string }
  | { type: 'note'; note: string };

export interface ItemStateView {
  state: ReviewState;
  disposition: Disposition | null;
  dismissReason: DismissReason | null;
  assignee: string | null;
}

export type TransitionOutcome =
  | { kind: 'change'; to: ReviewState }
  /** The item already is what the action asks for: a repeated click, a replayed request. */
  | { kind: 'no-op' }
  | { kind: 'refused'; why: string };

/**
 * The review state machine, pure: which state an action leads to from which.
 * A closed item (confirmed, dismissed) must be reopened before it is decided
 * differently, so a decision is never overwritten by accident; changing a
 * confirmed item's disposition is allowed because it is still a confirmation.
 */
export function transition(item: ItemStateView, action: ReviewAction): TransitionOutcome {
  const { state } = item;
  switch (action.type) {
    case 'confirm':
      if (state === 'confirmed') return item.disposition === action.disposition ? { kind: 'no-op' } : { kind: 'change', to: 'confirmed' };
      if (state === 'dismissed') return { kind: 'refused', why: 'the item is dismissed: reopen it before confirming' };
      return { kind: 'change', to: 'confirmed' };
    case 'dismiss':
      if (state === 'dismissed') return item.dismissReason === action.reason ? { kind: 'no-op' } : { kind: 'change', to: 'dismissed' };
      if (state === 'confirmed') return { kind: 'refused', why: 'the item is confirmed: reopen it before dismissing' };
      return { kind: 'change', to: 'dismissed' };
    case 'escalate':
      if (state === 'escalated') return { kind: 'no-op' };
      if (!isOpen(state)) return { kind: 'refused', why: `the item is ${state}: reopen it before escalating` };
      return { kind: 'change', to: 'escalated' };
    case 'reopen':
      if (state === 'new' || state === 'in_review') return { kind: 'no-op' };
      return { kind: 'change', to: 'new' };
    case 'assign':
      return item.assignee === action.assignee ? { kind: 'no-op' } : { kind: 'change', to: state };
    case 'note':
      return { kind: 'change', to: state };
  }
}

/** The audit action name of a review action. */
export function auditAction(action: ReviewAction): string {
  return { confirm: 'confirmed', dismiss: 'dismissed', escalate: 'escalated', reopen: 'reopened', assign: 'assigned', note: 'noted' }[action.type];
}
