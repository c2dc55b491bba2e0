import accounts from './accounts';
import clock from './clock';
import codes from './codes';
import mailer from './mailer';

export default { accounts, clock, codes, mailer };
