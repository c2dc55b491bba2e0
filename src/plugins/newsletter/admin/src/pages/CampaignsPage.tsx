import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Field,
  Flex,
  LinkButton,
  MultiSelect,
  MultiSelectOption,
  ProgressBar,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  TextInput,
  Textarea,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ChartPie, Eye, Mail, Play, Plus, Stop } from '@strapi/icons';
import { Layouts, Page, useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router-dom';
import { CampaignDeliverability, useComplaintRate } from '../components/CampaignDeliverability';
import { CampaignSchedule } from '../components/CampaignSchedule';
import { CampaignStatusCell } from '../components/CampaignStatusCell';
import { DigestSettings } from '../components/DigestSettings';
import { MissedCampaignActions } from '../components/MissedCampaignActions';
import type { Campaign, Notice } from '../utils/campaign';
import { useCampaignReasons } from '../utils/campaign-reasons';
import { BADGE, STARTED, type Status, WAITING_FOR_STAFF } from '../utils/campaign-status';
import { errorMessage } from '../utils/error-message';
import { rememberServerTimeZone } from '../utils/time-zones';

/** Write, test, send, pause and resume need this; the history needs only the read permission. */
const SEND_ACTION = 'plugin::newsletter.campaigns.send';
const POLL_MS = 2000;
/** A scheduled campaign starts within the server's poll: the page looks again this long after its time. */
const AFTER_START_MS = 3000;
/** Statuses the schedule picker shows for. */
const SCHEDULABLE: Status[] = ['draft', 'scheduled', 'missed', 'skipped'];
interface Preview {
  locale: 'en' | 'fr';
  subject: string;
  html: string;
  stories: number;
}
interface Article {
  documentId: string;
  title: string;
}

/** Sent counts seen at two polls: the rate and the time left come from their difference. */
interface Pace {
  id: number;
  at: number;
  sent: number;
  perSecond: number | null;
}

/**
 * Campaigns of the newsletter: write one, preview it, test it, send or schedule it, follow it, pause
 * and resume it; and the recurring digest. The campaign shown and the tab are in the address, so
 * the way back from a report lands on the same campaign.
 */
const CampaignsPage = () => {
  const { formatMessage, formatDate, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.campaigns.${id}`, defaultMessage }, values);
  const { get, post } = useFetchClient();
  const complaintRate = useComplaintRate();
  // Read from the signed-in user's permissions as they load (see SubscribersPage).
  const canSend = useAuth('CampaignsPage', (auth) => auth.permissions.some((permission) => permission.action === SEND_ACTION));

  const reasons = useCampaignReasons();
  const [params, setParams] = useSearchParams();
  const selected = params.get('campaign') ? Number(params.get('campaign')) : null;
  const tab = params.get('tab') === 'digest' ? 'digest' : 'campaigns';
  const setSelected = (id: number) => setParams({ campaign: String(id) }, { replace: true });

  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewLocale, setPreviewLocale] = useState<'en' | 'fr'>('en');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [pace, setPace] = useState<Pace | null>(null);
  const paceRef = useRef<Pace | null>(null);

  // The form of a new campaign.
  const [composing, setComposing] = useState(false);
  const [subject, setSubject] = useState('');
  const [intro, setIntro] = useState('');
  const [language, setLanguage] = useState<'both' | 'en' | 'fr'>('both');
  const [subjectFr, setSubjectFr] = useState('');
  const [introFr, setIntroFr] = useState('');
  const [mode, setMode] = useState<'since-last' | 'articles'>('since-last');
  const [articles, setArticles] = useState<Article[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);

  const current = campaigns?.find((campaign) => campaign.id === selected) ?? null;

  const load = useCallback(async () => {
    try {
      const { data } = await get<{ data: Campaign[]; meta?: { timeZone?: string } }>('/newsletter/campaigns');
      rememberServerTimeZone(data.meta?.timeZone);
      setCampaigns(data.data);
      const sending = data.data.find((campaign) => campaign.id === selected && campaign.status === 'sending');
      if (sending) {
        const now = Date.now();
        const last = paceRef.current;
        const next: Pace =
          last && last.id === sending.id && now > last.at
            ? { id: sending.id, at: now, sent: sending.sent, perSecond: ((sending.sent - last.sent) * 1000) / (now - last.at) }
            : { id: sending.id, at: now, sent: sending.sent, perSecond: null };
        paceRef.current = next;
        setPace(next);
      }
    } catch (error) {
      setNotice({ variant: 'danger', text: t('load.failed', 'The campaigns could not be loaded: {message}', { message: errorMessage(error) }) });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, selected]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live progress: poll while any campaign is being sent.
  const anySending = campaigns?.some((campaign) => campaign.status === 'sending') ?? false;
  useEffect(() => {
    if (!anySending) return undefined;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [anySending, load]);

  // A scheduled campaign starts (or is skipped) at its time: look again just after the next one.
  const nextStart = campaigns
    ?.filter((campaign) => campaign.status === 'scheduled' && campaign.scheduledAt)
    .reduce<number | null>((earliest, campaign) => Math.min(earliest ?? Infinity, Date.parse(campaign.scheduledAt!)), null);
  useEffect(() => {
    if (nextStart === null || nextStart === undefined) return undefined;
    const wait = nextStart - Date.now() + AFTER_START_MS;
    // Later than a day: the page will have been reloaded by then.
    if (wait > 86_400_000) return undefined;
    const timer = setTimeout(() => void load(), Math.max(wait, POLL_MS));
    return () => clearTimeout(timer);
  }, [nextStart, load]);

  /** After a schedule action: say what happened, and show the campaign as it is now. */
  const showOutcome = (result: Notice) => {
    setNotice(result);
    void load();
  };

  useEffect(() => {
    if (selected === null) {
      setPreview(null);
      return;
    }
    get<{ data: Preview }>(`/newsletter/campaigns/${selected}/preview?locale=${previewLocale}`)
      .then(({ data }) => setPreview(data.data))
      .catch((error: unknown) => {
        setPreview(null);
        setNotice({ variant: 'danger', text: t('preview.failed', 'The preview failed: {message}', { message: errorMessage(error) }) });
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, selected, previewLocale]);

  useEffect(() => {
    if (!composing || articles.length > 0) return;
    get<{ results: Article[] }>('/content-manager/collection-types/api::article.article?page=1&pageSize=100&sort=date:DESC&locale=en')
      .then(({ data }) => setArticles(data.results))
      .catch(() => setArticles([]));
  }, [composing, articles.length, get]);

  const act = async (action: 'send' | 'pause' | 'resume' | 'test', id: number) => {
    setBusy(true);
    setNotice(null);
    try {
      await post(`/newsletter/campaigns/${id}/${action}`);
      const done: Record<typeof action, string> = {
        send: t('sent.started', 'Sending started. Progress shows below.'),
        pause: t('paused', 'Campaign paused. Messages already handed to the relay still go out.'),
        resume: t('resumed', 'Sending resumed where it stopped.'),
        test: t('tested', 'A test went to your address, one per language.'),
      };
      setNotice({ variant: 'success', text: done[action] });
      await load();
    } catch (error) {
      setNotice({ variant: 'danger', text: reasons.start(errorMessage(error)) });
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const body = {
        subject,
        intro,
        ...(language === 'both' ? { translations: { fr: { subject: subjectFr, intro: introFr } } } : { locale: language }),
        selection: mode === 'since-last' ? 'since-last' : { articles: chosen },
      };
      const { data } = await post<{ data: Campaign }>('/newsletter/campaigns', body);
      setComposing(false);
      setSubject('');
      setIntro('');
      setSubjectFr('');
      setIntroFr('');
      setChosen([]);
      await load();
      setSelected(data.data.id);
      setPreviewLocale(data.data.locale ?? 'en');
      setNotice({ variant: 'success', text: t('created', 'Draft saved. Check the preview, send a test, then send.') });
    } catch (error) {
      setNotice({ variant: 'danger', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const date = (value: string | null) => (value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const statusLabel = (status: Status) => t(`status.${status}`, status);

  const progress = (campaign: Campaign) => {
    const done = campaign.sent + campaign.failed;
    const percent = campaign.total > 0 ? Math.min(100, Math.round((done / campaign.total) * 100)) : 0;
    const rate = pace && pace.id === campaign.id && campaign.status === 'sending' ? pace.perSecond : null;
    const left = campaign.total - done;
    return (
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Box width="100%">
          <ProgressBar value={percent} size="M" style={{ width: '100%' }} aria-label={t('progress.label', 'Progress')} />
        </Box>
        <Typography variant="omega" data-testid="campaign-progress">
          {t('progress', '{sent} sent, {failed} failed, of {total} ({percent}%)', {
            sent: formatNumber(campaign.sent),
            failed: formatNumber(campaign.failed),
            total: formatNumber(campaign.total),
            percent,
          })}
        </Typography>
        {rate !== null && rate > 0 && (
          <Typography variant="pi" textColor="neutral600">
            {t('rate', '{rate} messages a second; about {minutes} min left', {
              rate: formatNumber(Math.round(rate)),
              minutes: formatNumber(Math.max(1, Math.ceil(left / rate / 60))),
            })}
          </Typography>
        )}
      </Flex>
    );
  };

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Newsletter campaigns')}</Page.Title>
      <Layouts.Header
        title={t('title', 'Newsletter campaigns')}
        subtitle={t('subtitle', 'The latest stories, mailed to every confirmed subscriber in their language.')}
        primaryAction={
          canSend && tab === 'campaigns' ? (
            <Button startIcon={<Plus />} onClick={() => setComposing(!composing)}>
              {t('new', 'New campaign')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Tabs.Root
          variant="simple"
          value={tab}
          onValueChange={(value: string) => setParams(value === 'digest' ? { tab: 'digest' } : selected ? { campaign: String(selected) } : {}, { replace: true })}
        >
          <Tabs.List aria-label={t('tabs', 'Campaigns and digest')}>
            <Tabs.Trigger value="campaigns">{t('tab.campaigns', 'Campaigns')}</Tabs.Trigger>
            <Tabs.Trigger value="digest">{t('tab.digest', 'Recurring digest')}</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="campaigns">
            <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
              {notice && (
                <Alert variant={notice.variant} closeLabel={t('close', 'Close')} onClose={() => setNotice(null)}>
                  {notice.text}
                </Alert>
              )}

              {composing && (
                <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
                  <Flex direction="column" alignItems="stretch" gap={4}>
                    <Field.Root name="subject" required>
                      <Field.Label>{t('form.subject', 'Subject')}</Field.Label>
                      <TextInput name="subject" value={subject} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSubject(event.target.value)} />
                    </Field.Root>
                    <Field.Root name="intro" hint={t('form.intro.hint', 'A blank line starts a new paragraph.')}>
                      <Field.Label>{t('form.intro', 'Introduction')}</Field.Label>
                      <Textarea name="intro" value={intro} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setIntro(event.target.value)} />
                      <Field.Hint />
                    </Field.Root>
                    <Field.Root name="language">
                      <Field.Label>{t('form.language', 'Language')}</Field.Label>
                      <SingleSelect value={language} onChange={(value: string | number) => setLanguage(value as 'both' | 'en' | 'fr')}>
                        <SingleSelectOption value="both">{t('form.language.both', 'Both: each subscriber gets theirs')}</SingleSelectOption>
                        <SingleSelectOption value="en">{t('form.language.en', 'English subscribers only')}</SingleSelectOption>
                        <SingleSelectOption value="fr">{t('form.language.fr', 'French subscribers only')}</SingleSelectOption>
                      </SingleSelect>
                    </Field.Root>
                    {language === 'both' && (
                      <>
                        <Field.Root name="subjectFr" hint={t('form.fr.hint', 'Left empty, French readers get the text above.')}>
                          <Field.Label>{t('form.subjectFr', 'Subject in French')}</Field.Label>
                          <TextInput name="subjectFr" value={subjectFr} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSubjectFr(event.target.value)} />
                          <Field.Hint />
                        </Field.Root>
                        <Field.Root name="introFr">
                          <Field.Label>{t('form.introFr', 'Introduction in French')}</Field.Label>
                          <Textarea name="introFr" value={introFr} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setIntroFr(event.target.value)} />
                        </Field.Root>
                      </>
                    )}
                    <Field.Root name="selection">
                      <Field.Label>{t('form.stories', 'Stories')}</Field.Label>
                      <Radio.Group value={mode} onValueChange={(value: string) => setMode(value as 'since-last' | 'articles')}>
                        <Radio.Item value="since-last">{t('form.since-last', 'Every story published since the last campaign')}</Radio.Item>
                        <Radio.Item value="articles">{t('form.articles', 'Stories I choose')}</Radio.Item>
                      </Radio.Group>
                    </Field.Root>
                    {mode === 'articles' && (
                      <MultiSelect
                        aria-label={t('form.choose', 'Choose stories')}
                        placeholder={t('form.choose', 'Choose stories')}
                        value={chosen}
                        onChange={(value: string[]) => setChosen(value)}
                        withTags
                      >
                        {articles.map((article) => (
                          <MultiSelectOption key={article.documentId} value={article.documentId}>
                            {article.title}
                          </MultiSelectOption>
                        ))}
                      </MultiSelect>
                    )}
                    <Flex gap={2}>
                      <Button onClick={() => void create()} loading={busy} disabled={!subject.trim() || (mode === 'articles' && chosen.length === 0)}>
                        {t('form.save', 'Save draft')}
                      </Button>
                      <Button variant="tertiary" onClick={() => setComposing(false)}>
                        {t('form.cancel', 'Cancel')}
                      </Button>
                    </Flex>
                  </Flex>
                </Box>
              )}

              {current && (
                <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
                  <Flex direction="column" alignItems="stretch" gap={4}>
                    <Flex justifyContent="space-between" wrap="wrap" gap={2}>
                      <Flex gap={2}>
                        <Typography variant="beta" tag="h2">
                          {current.subject}
                        </Typography>
                        <Badge backgroundColor={BADGE[current.status].background} textColor={BADGE[current.status].text}>
                          {statusLabel(current.status)}
                        </Badge>
                      </Flex>
                      <Flex gap={2}>
                        {STARTED.includes(current.status) && (
                          <LinkButton tag={Link} to={`/plugins/newsletter-campaigns/${current.id}/report`} variant="tertiary" startIcon={<ChartPie />}>
                            {t('report', 'Delivery report')}
                          </LinkButton>
                        )}
                        {canSend && (
                          <>
                            <Button variant="secondary" startIcon={<Mail />} disabled={busy} onClick={() => void act('test', current.id)}>
                              {t('test', 'Send a test to me')}
                            </Button>
                            {current.status === 'draft' && (
                              <Button startIcon={<Play />} disabled={busy} onClick={() => void act('send', current.id)}>
                                {t('send', 'Send')}
                              </Button>
                            )}
                            {current.status === 'sending' && (
                              <Button variant="danger-light" startIcon={<Stop />} disabled={busy} onClick={() => void act('pause', current.id)}>
                                {t('pause', 'Pause')}
                              </Button>
                            )}
                            {current.status === 'paused' && (
                              <Button startIcon={<Play />} disabled={busy} onClick={() => void act('resume', current.id)}>
                                {t('resume', 'Resume')}
                              </Button>
                            )}
                          </>
                        )}
                      </Flex>
                    </Flex>
                    {current.status === 'paused' && current.pausedReason && (
                      <Alert variant="warning" closeLabel={t('close', 'Close')} title={t('paused.title', 'Paused')}>
                        {reasons.paused(current.pausedReason)}
                      </Alert>
                    )}
                    {SCHEDULABLE.includes(current.status) && (
                      <CampaignSchedule key={`${current.id}-${current.status}-${current.scheduledAt}`} campaign={current} canSend={canSend} onStart={() => setNotice(null)} onDone={showOutcome} />
                    )}
                    {STARTED.includes(current.status) && progress(current)}
                    {STARTED.includes(current.status) && <CampaignDeliverability key={current.id} campaign={current} />}
                    <Flex gap={2} alignItems="center">
                      <Eye />
                      <Typography variant="delta">{t('preview', 'Preview')}</Typography>
                      {current.locale === null && (
                        <Box minWidth="160px">
                          <SingleSelect
                            aria-label={t('preview.language', 'Preview language')}
                            value={previewLocale}
                            onChange={(value: string | number) => setPreviewLocale(value as 'en' | 'fr')}
                          >
                            <SingleSelectOption value="en">English</SingleSelectOption>
                            <SingleSelectOption value="fr">Français</SingleSelectOption>
                          </SingleSelect>
                        </Box>
                      )}
                      {preview && (
                        <Typography variant="pi" textColor="neutral600">
                          {t('preview.stories', '{count, plural, =0 {no story} one {# story} other {# stories}}', { count: preview.stories })}
                        </Typography>
                      )}
                    </Flex>
                    {preview && (
                      <iframe
                        title={t('preview', 'Preview')}
                        srcDoc={preview.html}
                        sandbox=""
                        style={{ width: '100%', height: '640px', border: '1px solid #dcdce4', borderRadius: '4px', background: '#fff' }}
                      />
                    )}
                  </Flex>
                </Box>
              )}

              <Typography variant="delta" tag="h2">
                {t('history', 'History')}
              </Typography>
              <Table colCount={9} rowCount={(campaigns?.length ?? 0) + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">{t('column.subject', 'Subject')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.status', 'Status')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.language', 'Language')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.sent', 'Sent')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.failed', 'Failed')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.total', 'Recipients')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.bounces', 'Bounces')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.complaints', 'Complaints')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('column.started', 'Started')}</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {campaigns?.length === 0 && (
                    <Tr>
                      <Td colSpan={9}>
                        <Typography>{t('empty', 'No campaign yet.')}</Typography>
                      </Td>
                    </Tr>
                  )}
                  {campaigns?.map((campaign) => (
                    <Tr
                      key={campaign.id}
                      onClick={() => {
                        setSelected(campaign.id);
                        setPreviewLocale(campaign.locale ?? 'en');
                      }}
                      style={{ cursor: 'pointer' }}
                    >
                      <Td>
                        <Flex gap={2}>
                          <Typography fontWeight={campaign.id === selected ? 'bold' : undefined}>{campaign.subject}</Typography>
                          {campaign.digest && (
                            <Badge backgroundColor="secondary100" textColor="secondary700">
                              {t('digest', 'Digest')}
                            </Badge>
                          )}
                        </Flex>
                      </Td>
                      <Td style={{ whiteSpace: 'normal' }}>
                        <CampaignStatusCell campaign={campaign} />
                        {canSend && WAITING_FOR_STAFF.includes(campaign.status) && (
                          <Box paddingTop={2}>
                            <MissedCampaignActions campaign={campaign} onDone={showOutcome} />
                          </Box>
                        )}
                      </Td>
                      <Td><Typography>{campaign.locale ?? t('both', 'en + fr')}</Typography></Td>
                      <Td><Typography>{formatNumber(campaign.sent)}</Typography></Td>
                      <Td><Typography>{formatNumber(campaign.failed)}</Typography></Td>
                      <Td><Typography>{formatNumber(campaign.total)}</Typography></Td>
                      <Td>
                        <Typography>
                          {t('bounces', '{hard, number} hard, {soft, number} soft', { hard: campaign.hardBounces, soft: campaign.softBounces })}
                        </Typography>
                      </Td>
                      <Td>
                        <Flex gap={2}>
                          <Typography textColor={campaign.complaintWarning ? 'danger600' : undefined}>
                            {t('complaints', '{count, number} ({rate})', { count: campaign.complaints, rate: complaintRate(campaign.complaintRate) })}
                          </Typography>
                          {campaign.complaintWarning && (
                            <Badge backgroundColor="danger100" textColor="danger700">
                              {t('complaints.high', 'Above {threshold}', { threshold: complaintRate(campaign.complaintThreshold) })}
                            </Badge>
                          )}
                        </Flex>
                      </Td>
                      <Td><Typography>{date(campaign.startedAt)}</Typography></Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Flex>
          </Tabs.Content>
          <Tabs.Content value="digest">
            <Box paddingTop={4}>
              <DigestSettings canSend={canSend} onOpenCampaign={setSelected} />
            </Box>
          </Tabs.Content>
        </Tabs.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CampaignsPage;
