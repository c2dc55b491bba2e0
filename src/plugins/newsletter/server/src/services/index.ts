import campaigns from './campaigns';
import composer from './composer';
import directory from './directory';
import events from './events';
import ledger from './ledger';
import mailer from './mailer';
import sender from './sender';
import subscribers from './subscribers';
import tokens from './tokens';
import transfer from './transfer';
import verp from './verp';
import webhooks from './webhooks';

export default { campaigns, composer, directory, events, ledger, mailer, sender, subscribers, tokens, transfer, verp, webhooks };
