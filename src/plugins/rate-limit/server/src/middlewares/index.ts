import ipLimit from './ip-limit';
import retryAfter from './retry-after';

export default { 'ip-limit': ipLimit, 'retry-after': retryAfter };
