import verifiedAccount from './verified-account';

export default { 'verified-account': verifiedAccount };
