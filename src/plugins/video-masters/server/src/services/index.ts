import downloads from './downloads';
import links from './links';
import records from './records';
import storage from './storage';

export default { downloads, links, records, storage };
