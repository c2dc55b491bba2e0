/** A subscriber's status, as the admin routes answer it. */
export type Status = 'pending' | 'subscribed' | 'unsubscribed' | 'suppressed';
export const STATUSES: Status[] = ['pending', 'subscribed', 'unsubscribed', 'suppressed'];

/** Why mail to an address stopped. */
export type SuppressionReason = 'hard-bounce' | 'soft-bounces' | 'complaint' | 'refused' | 'staff';

/** Import, suppress, lift and delete need this; the list, the history and the export need only the read permission. */
export const MANAGE_ACTION = 'plugin::newsletter.subscribers.manage';

/** A row of GET /newsletter/subscribers. */
export interface Subscriber {
  id: number;
  email: string;
  name: string | null;
  status: Status;
  locale: string;
  source: string;
  consentedAt: string | null;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  suppressedAt: string | null;
  suppressionReason: SuppressionReason | null;
}

/** A bounce, complaint or staff decision about one subscriber. */
export interface SubscriberEvent {
  id: number;
  source: 'inbound' | 'ses' | 'postmark' | 'sendgrid' | 'smtp' | 'staff';
  type: 'hard-bounce' | 'soft-bounce' | 'complaint' | 'suppressed' | 'lifted';
  campaignId: number | null;
  /** Enhanced status code (5.1.1), the source's own kind (abuse), or the reason of a staff event. */
  status: string | null;
  /** The server's reply as received. */
  detail: string | null;
  /** For a lift: the status the subscriber went back to. */
  restoredTo: string | null;
  outcome: 'suppressed' | 'counted' | 'lifted' | 'none' | null;
  /** `admin:<id>` for staff events. */
  actor: string | null;
  occurredAt: string;
}

/** GET /newsletter/subscribers/:id: the subscriber with its events, newest first. */
export interface SubscriberDetail extends Subscriber {
  events: SubscriberEvent[];
}

/** The badge colours of each status, in the list and the history alike. */
export const BADGE: Record<Status, { background: string; text: string }> = {
  pending: { background: 'warning100', text: 'warning700' },
  subscribed: { background: 'success100', text: 'success700' },
  unsubscribed: { background: 'neutral150', text: 'neutral700' },
  suppressed: { background: 'danger100', text: 'danger700' },
};
