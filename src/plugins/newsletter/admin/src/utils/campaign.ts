import type { CampaignEvents } from '../components/CampaignDeliverability';
import type { Status } from './campaign-status';

/** A campaign as GET /newsletter/campaigns and GET /newsletter/campaigns/:id answer it. */
export interface Campaign extends CampaignEvents {
  id: number;
  subject: string;
  intro: string;
  locale: 'en' | 'fr' | null;
  selection: 'since-last' | { articles: string[] };
  status: Status;
  total: number;
  sent: number;
  failed: number;
  pausedReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** When it goes out (UTC ISO) while scheduled, and when it should have for a missed or skipped one. */
  scheduledAt: string | null;
  /** The IANA zone its time was chosen in. */
  timeZone: string | null;
  /** Why it is missed or skipped, in English as the server writes it (see utils/campaign-reasons). */
  statusReason: string | null;
  /** Created by the recurring digest. */
  digest: boolean;
  createdAt: string;
}

/** A notice for the page's alert. */
export interface Notice {
  variant: 'success' | 'danger';
  text: string;
}
