import type { Core } from '@strapi/strapi';
import { as } from './admin';

/** The environment a campaign needs: the footer's sender and address, and quick polling. */
export const CAMPAIGN_ENV = {
  NEWSLETTER_ORGANISATION: 'Northern Council',
  NEWSLETTER_POSTAL_ADDRESS: '1 Harbour Street, 1000 Brussels, Belgium',
  NEWSLETTER_POLL_MS: '100',
};

type Target = { request(): import('supertest').Agent };

export interface Campaign {
  id: number;
  status: string;
  total: number;
  sent: number;
  failed: number;
  pausedReason: string | null;
}

/** Publishes a story in English, and in French when `fr` is given; returns its documentId. */
export const publishStory = async (
  strapi: Core.Strapi,
  en: { title: string; summary?: string; date?: string; city?: string },
  fr?: { title: string; summary?: string }
) => {
  const articles = strapi.documents('api::article.article');
  const date = en.date ?? '2026-11-20';
  const created = await articles.create({
    locale: 'en',
    status: 'published',
    data: { title: en.title, summary: en.summary, date, location: { city: en.city ?? 'Brussels', countryCode: 'BE' } } as never,
  });
  if (fr) {
    await articles.update({
      documentId: created.documentId,
      locale: 'fr',
      status: 'published',
      data: { title: fr.title, summary: fr.summary, date, location: { city: en.city ?? 'Bruxelles', countryCode: 'BE' } } as never,
    });
  }
  return created.documentId as string;
};

/** Imports subscribers (staff vouch for consent) through the admin API. */
export const importSubscribers = async (target: Target, token: string, csv: string) => {
  const res = await target.request().post('/newsletter/subscribers/import?status=subscribed').set(as(token)).set('Content-Type', 'text/csv').send(csv);
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { created: number; errors: unknown[] };
};

export const getCampaign = async (target: Target, token: string, id: number): Promise<Campaign> => {
  const res = await target.request().get(`/newsletter/campaigns/${id}`).set(as(token));
  if (res.status !== 200) throw new Error(`GET campaign answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data as Campaign;
};

/** Polls the campaign every `everyMs` until `done` holds (or fails after `timeoutMs`). */
export const campaignUntil = async (
  target: Target,
  token: string,
  id: number,
  done: (campaign: Campaign) => boolean,
  timeoutMs = 60_000,
  everyMs = 100
): Promise<Campaign> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const campaign = await getCampaign(target, token, id);
    if (done(campaign)) return campaign;
    if (Date.now() > deadline) throw new Error(`campaign ${id} still ${JSON.stringify(campaign)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};

export const finished = (campaign: Campaign) => campaign.status === 'sent' || campaign.status === 'failed';

/** Creates a campaign and starts sending it; returns its id. */
export const startCampaign = async (target: Target, token: string, body: Record<string, unknown>) => {
  const created = await target.request().post('/newsletter/campaigns').set(as(token)).send(body);
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const sent = await target.request().post(`/newsletter/campaigns/${created.body.data.id}/send`).set(as(token));
  if (sent.status !== 202) throw new Error(`send answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  return created.body.data.id as number;
};

/** How often each Message-ID arrived. */
export const tally = (ids: string[]) => {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};
