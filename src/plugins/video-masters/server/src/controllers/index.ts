import downloads from './downloads';
import records from './records';

export default { downloads, records };
