import campaigns from './campaigns';
import composer from './composer';
import directory from './directory';
import ledger from './ledger';
import mailer from './mailer';
import sender from './sender';
import subscribers from './subscribers';
import tokens from './tokens';
import transfer from './transfer';

export default { campaigns, composer, directory, ledger, mailer, sender, subscribers, tokens, transfer };
