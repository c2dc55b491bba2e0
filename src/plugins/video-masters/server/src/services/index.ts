import assets from './assets';
import downloads from './downloads';
import links from './links';
import probe from './probe';
import processing from './processing';
import records from './records';
import storage from './storage';
import uploads from './uploads';

export default { assets, downloads, links, probe, processing, records, storage, uploads };
