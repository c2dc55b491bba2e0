/** What went wrong for one recipient, as GET /newsletter/campaigns/:id/report names it. */
export type Problem = 'failed-permanent' | 'failed-temporary' | 'bounced-hard' | 'bounced-soft' | 'complained' | 'unsubscribed';

export interface ReportCounts {
  queued: number;
  sent: number;
  failed: number;
  failedPermanent: number;
  failedTemporary: number;
  skipped: number;
  bounced: number;
  bouncedHard: number;
  bouncedSoft: number;
  complained: number;
  unsubscribed: number;
}

export interface ProblemRecipient {
  email: string;
  problem: Problem;
  /** UTC ISO; null for a failure recorded before reports kept the time. */
  at: string | null;
  /** The receiving server's reply line (`550 5.1.1 No such user`), or null. */
  reply: string | null;
}

export interface Report {
  data: { counts: ReportCounts; recipients: ProblemRecipient[] };
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** Each problem with the count that says how many recipients have it. */
export const PROBLEMS: { problem: Problem; count: keyof ReportCounts }[] = [
  { problem: 'failed-permanent', count: 'failedPermanent' },
  { problem: 'failed-temporary', count: 'failedTemporary' },
  { problem: 'bounced-hard', count: 'bouncedHard' },
  { problem: 'bounced-soft', count: 'bouncedSoft' },
  { problem: 'complained', count: 'complained' },
  { problem: 'unsubscribed', count: 'unsubscribed' },
];
