/** A campaign's status, as the admin routes answer it. */
export type Status = 'draft' | 'scheduled' | 'missed' | 'skipped' | 'sending' | 'paused' | 'sent' | 'failed';

/** The badge colours of each status, on the campaigns page and the home widget alike. */
export const BADGE: Record<Status, { background: string; text: string }> = {
  draft: { background: 'neutral150', text: 'neutral700' },
  scheduled: { background: 'alternative100', text: 'alternative700' },
  missed: { background: 'warning100', text: 'warning700' },
  skipped: { background: 'neutral150', text: 'neutral700' },
  sending: { background: 'primary100', text: 'primary700' },
  paused: { background: 'warning100', text: 'warning700' },
  sent: { background: 'success100', text: 'success700' },
  failed: { background: 'danger100', text: 'danger700' },
};

/** Statuses whose time passed without a send: staff send them now, reschedule or drop them. */
export const WAITING_FOR_STAFF: Status[] = ['missed', 'skipped'];

/** Statuses that have a delivery report: the campaign started. */
export const STARTED: Status[] = ['sending', 'paused', 'sent', 'failed'];
