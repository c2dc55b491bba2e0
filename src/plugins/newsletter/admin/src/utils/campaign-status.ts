/** A campaign's status, as the admin routes answer it. */
export type Status = 'draft' | 'sending' | 'paused' | 'sent' | 'failed';

/** The badge colours of each status, on the campaigns page and the home widget alike. */
export const BADGE: Record<Status, { background: string; text: string }> = {
  draft: { background: 'neutral150', text: 'neutral700' },
  sending: { background: 'primary100', text: 'primary700' },
  paused: { background: 'warning100', text: 'warning700' },
  sent: { background: 'success100', text: 'success700' },
  failed: { background: 'danger100', text: 'danger700' },
};
