import downloads from './downloads';
import links from './links';
import records from './records';

export default { downloads, links, records };
