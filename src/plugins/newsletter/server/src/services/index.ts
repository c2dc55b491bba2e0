import campaigns from './campaigns';
import composer from './composer';
import digest from './digest';
import directory from './directory';
import events from './events';
import ledger from './ledger';
import mailer from './mailer';
import reports from './reports';
import scheduler from './scheduler';
import sender from './sender';
import subscribers from './subscribers';
import tokens from './tokens';
import transfer from './transfer';
import verp from './verp';
import webhooks from './webhooks';

export default { campaigns, composer, digest, directory, events, ledger, mailer, reports, scheduler, sender, subscribers, tokens, transfer, verp, webhooks };
