import downloads from './downloads';
import records from './records';
import uploads from './uploads';

export default { downloads, records, uploads };
