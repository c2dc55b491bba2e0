import { useState } from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { SuppressionReason } from '../utils/subscriber';

interface Props {
  email: string;
  reason: SuppressionReason | null;
  /** Lifts the suppression; the caller reports success or failure. */
  onConfirm(): Promise<void>;
}

/** The "Lift suppression" button, and the dialog that says what lifting means before it happens. */
export const LiftSuppressionDialog = ({ email, reason, onConfirm }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.lift.${id}`, defaultMessage }, values);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next: boolean) => !busy && setOpen(next)}>
      <Dialog.Trigger>
        <Button variant="secondary" startIcon={<ArrowClockwise />}>
          {t('button', 'Lift suppression')}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('title', 'Lift the suppression?')}</Dialog.Header>
        <Dialog.Body>
          <WarningCircle width="24" height="24" fill="danger600" />
          <Flex direction="column" gap={2}>
            <Dialog.Description textAlign="center">
              {t(
                'body',
                'Mail will go to {email} again. Lift the suppression only if you know the address works again, or its owner asked for it: every new bounce or complaint harms the newsletter’s standing with mailbox providers.',
                { email }
              )}
            </Dialog.Description>
            {reason === 'complaint' && (
              <Typography tag="p" textAlign="center" textColor="neutral600">
                {t('complaint', 'This reader marked a campaign as spam: they stay unsubscribed until they subscribe again.')}
              </Typography>
            )}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={busy}>
              {t('cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" loading={busy} onClick={() => void confirm()}>
            {t('confirm', 'Lift suppression')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
