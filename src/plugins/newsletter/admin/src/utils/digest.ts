import type { Status } from './campaign-status';

/** 0 = Sunday … 6 = Saturday, as cron counts them. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Weekly on some days at a time, or a five-field cron expression; read in the digest's zone. */
export type Recurrence = { weekly: { days: Weekday[]; time: string } } | { cron: string };

/** One occurrence of the digest and what became of it. */
export interface DigestRun {
  campaignId: number;
  /** UTC ISO. */
  occurrence: string;
  subject: string;
  status: Status;
  /** Why it was skipped or missed, in English as the server writes it. */
  reason: string | null;
  sent: number;
}

/** GET /newsletter/digest and PUT /newsletter/digest. */
export interface Digest {
  enabled: boolean;
  schedule: Recurrence;
  timeZone: string;
  subject: string;
  intro: string;
  translations: { fr?: { subject?: string; intro?: string } } | null;
  locales: ('en' | 'fr')[];
  enabledAt: string | null;
  nextAt: string | null;
  history: DigestRun[];
}

/** The digest's fields as the form edits them. */
export interface DigestForm {
  enabled: boolean;
  mode: 'weekly' | 'cron';
  days: Weekday[];
  time: string;
  cron: string;
  timeZone: string;
  subject: string;
  intro: string;
  subjectFr: string;
  introFr: string;
  locales: ('en' | 'fr')[];
}

/** Monday first, as calendars in both languages show a week. */
export const WEEK: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

export const formOf = (digest: Digest): DigestForm => {
  const weekly = 'weekly' in digest.schedule ? digest.schedule.weekly : null;
  return {
    enabled: digest.enabled,
    mode: weekly ? 'weekly' : 'cron',
    days: weekly?.days ?? [1],
    time: weekly?.time ?? '08:00',
    cron: 'cron' in digest.schedule ? digest.schedule.cron : '0 8 * * 1',
    timeZone: digest.timeZone,
    subject: digest.subject,
    intro: digest.intro ?? '',
    subjectFr: digest.translations?.fr?.subject ?? '',
    introFr: digest.translations?.fr?.intro ?? '',
    locales: digest.locales,
  };
};

/** The body of PUT /newsletter/digest. */
export const bodyOf = (form: DigestForm) => {
  const both = form.locales.includes('en') && form.locales.includes('fr');
  return {
    enabled: form.enabled,
    schedule: form.mode === 'weekly' ? { weekly: { days: [...form.days].sort((a, b) => a - b), time: form.time } } : { cron: form.cron.trim() },
    timeZone: form.timeZone,
    subject: form.subject,
    intro: form.intro,
    translations: both ? { fr: { ...(form.subjectFr.trim() ? { subject: form.subjectFr } : {}), ...(form.introFr.trim() ? { intro: form.introFr } : {}) } } : null,
    locales: form.locales,
  };
};
