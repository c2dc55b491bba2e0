import directory from './directory';
import mailer from './mailer';
import subscribers from './subscribers';
import tokens from './tokens';
import transfer from './transfer';

export default { directory, mailer, subscribers, tokens, transfer };
