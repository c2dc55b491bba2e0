import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { addSample, formatBytes, formatDuration, rateOf, secondsLeft, type Sample } from '../uploads/progress';
import { createUploader, type Fetcher, type StartedUpload } from '../uploads/uppy';

const ASSET = 'api::video-asset.video-asset';
const KINDS = ['broadcast-master', 'web-proxy', 'audio'] as const;
const ACCEPT = '.mxf,.mov,.mp4,.m4v,.mkv,.mts,.wav';

interface Recent {
  uploadId: string;
  kind: string;
  filename: string;
  size: number;
  status: 'uploading' | 'completing' | 'processing' | 'ready' | 'failed' | 'aborted';
  reason: string | null;
}

type Phase =
  | { name: 'idle' }
  | { name: 'starting'; filename: string }
  | { name: 'uploading'; filename: string; sent: number; total: number; rate: number | null }
  | { name: 'done'; filename: string; total: number }
  | { name: 'failed'; message: string }
  | { name: 'cancelled' };

/** A bar for light backgrounds (the design system's ProgressBar is white, for dark overlays). */
const Bar = ({ percent, label }: { percent: number; label: string }) => (
  <Box
    background="neutral150"
    hasRadius
    height="0.8rem"
    marginTop={1}
    marginBottom={1}
    role="progressbar"
    aria-label={label}
    aria-valuemin={0}
    aria-valuemax={100}
    aria-valuenow={percent}
    data-testid="master-upload-progress"
  >
    <Box background="primary600" hasRadius height="100%" style={{ width: `${percent}%`, transition: 'width 0.3s' }} />
  </Box>
);

/** The server's message for a failed admin request, else the error's own. */
const messageOf = (error: unknown): string => {
  const answer = (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message;
  return answer ?? (error instanceof Error ? error.message : String(error));
};

/** Where an unfinished upload of this very file is remembered, to resume it after a closed tab. */
const resumeKey = (documentId: string, kind: string, file: File) =>
  `video-masters.upload:${documentId}:${kind}:${file.name}:${file.size}:${file.lastModified}`;

const UploadBox = ({ documentId, locale }: { documentId: string; locale?: string }) => {
  const { formatMessage, locale: language } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `video-masters.upload.${id}`, defaultMessage }, values);
  const fetcher = useFetchClient() as unknown as Fetcher;
  const [kind, setKind] = useState<string>('broadcast-master');
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [recent, setRecent] = useState<Recent[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const cancel = useRef<(() => void) | null>(null);

  const refresh = useCallback(async () => {
    try {
      const { data } = await fetcher.get<{ data: Recent[] }>(`/video-masters/uploads?asset=${encodeURIComponent(documentId)}`);
      setRecent(data.data);
    } catch {
      // The list is a convenience; the upload itself reports its own errors.
    }
  }, [fetcher, documentId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  // While a file is being probed, look again every three seconds.
  useEffect(() => {
    if (!recent.some((item) => item.status === 'processing' || item.status === 'completing')) return undefined;
    const timer = window.setInterval(() => void refresh(), 3000);
    return () => window.clearInterval(timer);
  }, [recent, refresh]);
  // Closing the tab mid-upload asks first (the upload can be resumed, but it stops).
  useEffect(() => {
    if (phase.name !== 'uploading' && phase.name !== 'starting') return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [phase.name]);

  /** The server's upload for this file: the unfinished one it already holds, or a new one. */
  const uploadFor = async (file: File): Promise<StartedUpload> => {
    const remembered = window.localStorage.getItem(resumeKey(documentId, kind, file));
    if (remembered) {
      try {
        const { data } = await fetcher.get<StartedUpload & { status: string }>(`/video-masters/uploads/${remembered}`);
        if (data.status === 'uploading') return { uploadId: data.uploadId, partSize: data.partSize, storage: data.storage };
      } catch {
        // Gone or cancelled: start again.
      }
    }
    const { data } = await fetcher.post<StartedUpload>('/video-masters/uploads', {
      asset: documentId,
      kind,
      filename: file.name,
      size: file.size,
      contentType: file.type,
      locale,
    });
    window.localStorage.setItem(resumeKey(documentId, kind, file), data.uploadId);
    return data;
  };

  const start = async (file: File) => {
    setPhase({ name: 'starting', filename: file.name });
    let started: StartedUpload;
    try {
      started = await uploadFor(file);
    } catch (error) {
      setPhase({ name: 'failed', message: messageOf(error) });
      return;
    }
    const { uppy, add } = createUploader(fetcher, started);
    let samples: Sample[] = [];
    let cancelled = false;
    cancel.current = () => {
      cancelled = true;
      uppy.cancelAll();
      window.localStorage.removeItem(resumeKey(documentId, kind, file));
      setPhase({ name: 'cancelled' });
      // Uppy asks the server to abort too; this call is the one the list waits for.
      fetcher
        .del(`/video-masters/uploads/${started.uploadId}`)
        .catch(() => undefined)
        .finally(() => void refresh());
    };
    uppy.on('upload-progress', (_file, progress) => {
      samples = addSample(samples, { at: Date.now(), bytes: progress.bytesUploaded });
      setPhase({ name: 'uploading', filename: file.name, sent: progress.bytesUploaded, total: progress.bytesTotal ?? file.size, rate: rateOf(samples) });
    });
    add(file);
    setPhase({ name: 'uploading', filename: file.name, sent: 0, total: file.size, rate: null });
    try {
      const result = await uppy.upload();
      if (cancelled) return;
      const failure = result?.failed?.[0];
      if (failure) {
        setPhase({ name: 'failed', message: messageOf(failure.error) });
        return;
      }
      window.localStorage.removeItem(resumeKey(documentId, kind, file));
      setPhase({ name: 'done', filename: file.name, total: file.size });
    } catch (error) {
      if (!cancelled) setPhase({ name: 'failed', message: messageOf(error) });
    } finally {
      cancel.current = null;
      uppy.destroy();
      // After a cancel, the list is refreshed once the server has aborted (see above).
      if (!cancelled) void refresh();
    }
  };

  const busy = phase.name === 'starting' || phase.name === 'uploading';
  const kindLabel = (value: string) =>
    t(`kind.${value}`, { 'broadcast-master': 'Broadcast master', 'web-proxy': 'Web proxy', audio: 'Audio' }[value] ?? value);
  const statusLabel = (item: Recent) =>
    t(`status.${item.status}`, { uploading: 'unfinished', completing: 'completing', processing: 'reading metadata…', ready: 'ready', failed: 'failed', aborted: 'cancelled' }[item.status]);

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="master-upload">
      <Field.Root name="video-masters-kind">
        <Field.Label>{t('kind', 'File')}</Field.Label>
        <SingleSelect value={kind} onChange={(value: string | number) => setKind(String(value))} disabled={busy}>
          {KINDS.map((value) => (
            <SingleSelectOption key={value} value={value}>
              {kindLabel(value)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="master-upload-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void start(file);
        }}
      />
      {!busy && (
        <Button variant="secondary" onClick={() => input.current?.click()}>
          {t('choose', 'Choose a file to upload')}
        </Button>
      )}
      {busy && (
        <Box>
          <Typography variant="pi" tag="p">
            {phase.filename}
          </Typography>
          {phase.name === 'uploading' && (
            <>
              <Bar percent={Math.floor((phase.sent / Math.max(1, phase.total)) * 100)} label={t('bar', 'Upload progress')} />
              <Typography variant="pi" textColor="neutral600" tag="p" data-testid="master-upload-figures">
                {t('progress', '{percent}% · {sent} of {total}', {
                  percent: Math.floor((phase.sent / Math.max(1, phase.total)) * 100),
                  sent: formatBytes(phase.sent, language),
                  total: formatBytes(phase.total, language),
                })}
                {phase.rate !== null &&
                  ` · ${t('rate', '{rate}/s', { rate: formatBytes(phase.rate, language) })}` +
                    ` · ${t('left', '{time} left', { time: formatDuration(secondsLeft(phase.sent, phase.total, phase.rate) ?? 0) })}`}
              </Typography>
            </>
          )}
          <Button variant="danger-light" onClick={() => cancel.current?.()} disabled={phase.name !== 'uploading'}>
            {t('cancel', 'Cancel the upload')}
          </Button>
        </Box>
      )}
      {phase.name === 'done' && (
        <>
          <Bar percent={100} label={t('bar', 'Upload progress')} />
          <Typography variant="pi" textColor="neutral600" tag="p" data-testid="master-upload-figures">
            {t('progress', '{percent}% · {sent} of {total}', {
              percent: 100,
              sent: formatBytes(phase.total, language),
              total: formatBytes(phase.total, language),
            })}
          </Typography>
        </>
      )}
      {phase.name === 'done' && (
        <Typography textColor="success600" data-testid="master-upload-done">
          {t('done', '{filename} is uploaded. Its metadata is being read; reload the entry to see the new file in the form.', { filename: phase.filename })}
        </Typography>
      )}
      {phase.name === 'failed' && (
        <Typography textColor="danger600" role="alert">
          {t('failed', 'The upload failed: {message}', { message: phase.message })}
        </Typography>
      )}
      {phase.name === 'cancelled' && <Typography textColor="neutral600">{t('cancelled', 'The upload was cancelled; nothing of it was kept.')}</Typography>}
      {recent.length > 0 && (
        <Flex direction="column" alignItems="flex-start" gap={1} data-testid="master-upload-recent">
          <Typography variant="sigma" textColor="neutral600">
            {t('recent', 'Latest uploads')}
          </Typography>
          {recent.slice(0, 5).map((item) => (
            <Typography key={item.uploadId} variant="pi" textColor={item.status === 'failed' ? 'danger600' : 'neutral800'}>
              {`${kindLabel(item.kind)} · ${item.filename} · ${formatBytes(item.size, language)} · ${statusLabel(item)}`}
              {item.reason && item.status === 'failed' ? ` — ${item.reason}` : ''}
            </Typography>
          ))}
        </Flex>
      )}
    </Flex>
  );
};

interface PanelProps {
  model: string;
  documentId?: string;
  document?: { locale?: string };
}

/** The video-asset edit view's side panel: upload a master, a web proxy or an audio file. */
export const UploadPanel = ({ model, documentId, document }: PanelProps) => {
  const { formatMessage } = useIntl();
  if (model !== ASSET || !documentId) return null;
  return {
    title: formatMessage({ id: 'video-masters.upload.title', defaultMessage: 'Video files' }),
    content: <UploadBox documentId={documentId} locale={document?.locale} />,
  };
};
