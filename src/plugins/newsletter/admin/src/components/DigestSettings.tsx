import { type ChangeEvent, useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Checkbox, Field, Flex, Loader, TextInput, Textarea, Toggle, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { Notice } from '../utils/campaign';
import { bodyOf, type Digest, type DigestForm, formOf } from '../utils/digest';
import { useCampaignReasons } from '../utils/campaign-reasons';
import { errorMessage } from '../utils/error-message';
import { browserTimeZone } from '../utils/time-zones';
import { DigestHistory } from './DigestHistory';
import { DigestScheduleFields } from './DigestScheduleFields';

interface Props {
  canSend: boolean;
  /** Shows the campaign of an occurrence in the campaigns list. */
  onOpenCampaign(campaignId: number): void;
}

/**
 * The recurring digest: on a schedule, a campaign of every story published since the last one is
 * created and sent by itself (skipped when no story is new). Its settings, next occurrence and history.
 */
export const DigestSettings = ({ canSend, onOpenCampaign }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.digest.${id}`, defaultMessage }, values);
  const { get, put } = useFetchClient();
  const reasons = useCampaignReasons();
  const [digest, setDigest] = useState<Digest | null>(null);
  const [form, setForm] = useState<DigestForm | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [saving, setSaving] = useState(false);

  const show = (answer: Digest) => {
    setDigest(answer);
    setForm(formOf(answer));
  };

  const load = useCallback(async () => {
    try {
      show((await get<{ data: Digest }>('/newsletter/digest')).data.data);
    } catch (error) {
      setNotice({ variant: 'danger', text: t('load.failed', 'The digest settings could not be loaded: {message}', { message: errorMessage(error) }) });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    if (!form) return;
    setSaving(true);
    setNotice(null);
    try {
      show((await put<{ data: Digest }>('/newsletter/digest', bodyOf(form))).data.data);
      setNotice({ variant: 'success', text: t('saved', 'Digest settings saved.') });
    } catch (error) {
      setNotice({ variant: 'danger', text: t('save.failed', 'Not saved: {message}', { message: reasons.digest(errorMessage(error)) }) });
    } finally {
      setSaving(false);
    }
  };

  if (!form || !digest) {
    return notice ? <Typography textColor="danger600">{notice.text}</Typography> : <Loader>{t('loading', 'Loading the digest settings…')}</Loader>;
  }

  const disabled = !canSend;
  const both = form.locales.includes('en') && form.locales.includes('fr');
  const setLanguage = (language: 'en' | 'fr', on: boolean) =>
    setForm({ ...form, locales: on ? [...new Set([...form.locales, language])] : form.locales.filter((chosen) => chosen !== language) });
  const incomplete = !form.subject.trim() || form.locales.length === 0 || (form.mode === 'weekly' ? form.days.length === 0 || !form.time : !form.cron.trim());

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {notice && (
        <Alert variant={notice.variant} closeLabel={formatMessage({ id: 'newsletter.campaigns.close', defaultMessage: 'Close' })} onClose={() => setNotice(null)}>
          {notice.text}
        </Alert>
      )}
      <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
        <Flex direction="column" alignItems="stretch" gap={5}>
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Typography variant="beta" tag="h2">
              {t('title', 'Recurring digest')}
            </Typography>
            <Typography textColor="neutral600">
              {t('intro', 'On a schedule, a campaign of every story published since the last one is created and sent by itself. When no story is new, that occurrence is skipped.')}
            </Typography>
          </Flex>
          <Box background={digest.enabled ? 'success100' : 'neutral100'} padding={3} hasRadius data-testid="digest-next">
            <Typography fontWeight="bold" textColor={digest.enabled ? 'success700' : 'neutral700'}>
              {digest.enabled && digest.nextAt
                ? t('next', 'Next digest: {at}', { at: formatDate(digest.nextAt, { dateStyle: 'full', timeStyle: 'short' }) })
                : t('off', 'Off: no digest is scheduled.')}
            </Typography>
            {digest.enabled && digest.nextAt && digest.timeZone !== browserTimeZone() && (
              <Typography variant="pi" textColor="neutral700" tag="p">
                {formatMessage(
                  { id: 'newsletter.campaigns.schedule.in-zone', defaultMessage: '{time} in {zone}' },
                  { time: formatDate(digest.nextAt, { dateStyle: 'full', timeStyle: 'short', timeZone: digest.timeZone }), zone: digest.timeZone }
                )}
              </Typography>
            )}
          </Box>
          <Field.Root name="digestEnabled">
            <Field.Label>{t('enabled', 'Send the digest')}</Field.Label>
            <Toggle
              onLabel={t('enabled.on', 'On')}
              offLabel={t('enabled.off', 'Off')}
              checked={form.enabled}
              disabled={disabled}
              onChange={(event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, enabled: event.target.checked })}
            />
          </Field.Root>
          <DigestScheduleFields form={form} onChange={setForm} disabled={disabled} />
          <Box>
            <Typography variant="pi" fontWeight="bold" tag="p" id="digest-languages">
              {t('languages', 'Languages')}
            </Typography>
            <Flex gap={4} paddingTop={2} role="group" aria-labelledby="digest-languages">
              <Checkbox checked={form.locales.includes('en')} disabled={disabled} onCheckedChange={(on: boolean | 'indeterminate') => setLanguage('en', on === true)}>
                {t('language.en', 'English subscribers')}
              </Checkbox>
              <Checkbox checked={form.locales.includes('fr')} disabled={disabled} onCheckedChange={(on: boolean | 'indeterminate') => setLanguage('fr', on === true)}>
                {t('language.fr', 'French subscribers')}
              </Checkbox>
            </Flex>
          </Box>
          <Field.Root
            name="digestSubject"
            required
            hint={t('subject.hint', 'Write {placeholder} where the date of each send goes: it is written out in the reader’s language.', { placeholder: '{date}' })}
          >
            <Field.Label>{t('subject', 'Subject')}</Field.Label>
            <TextInput value={form.subject} disabled={disabled} onChange={(event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, subject: event.target.value })} />
            <Field.Hint />
          </Field.Root>
          <Field.Root name="digestIntro" hint={formatMessage({ id: 'newsletter.campaigns.form.intro.hint', defaultMessage: 'A blank line starts a new paragraph.' })}>
            <Field.Label>{t('intro.label', 'Introduction')}</Field.Label>
            <Textarea value={form.intro} disabled={disabled} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setForm({ ...form, intro: event.target.value })} />
            <Field.Hint />
          </Field.Root>
          {both && (
            <>
              <Field.Root name="digestSubjectFr" hint={t('fr.hint', 'Left empty, French readers get the subject above. {placeholder} works here too.', { placeholder: '{date}' })}>
                <Field.Label>{t('subjectFr', 'Subject in French')}</Field.Label>
                <TextInput value={form.subjectFr} disabled={disabled} onChange={(event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, subjectFr: event.target.value })} />
                <Field.Hint />
              </Field.Root>
              <Field.Root name="digestIntroFr">
                <Field.Label>{t('introFr', 'Introduction in French')}</Field.Label>
                <Textarea value={form.introFr} disabled={disabled} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setForm({ ...form, introFr: event.target.value })} />
              </Field.Root>
            </>
          )}
          {canSend && (
            <Flex>
              <Button startIcon={<Check />} loading={saving} disabled={incomplete} onClick={() => void save()}>
                {t('save', 'Save')}
              </Button>
            </Flex>
          )}
        </Flex>
      </Box>
      <Typography variant="delta" tag="h2">
        {t('history.title', 'Recent digests')}
      </Typography>
      <DigestHistory history={digest.history} onOpen={onOpenCampaign} />
    </Flex>
  );
};
