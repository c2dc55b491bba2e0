import download from './download/schema.json';
import upload from './upload/schema.json';

export default { download: { schema: download }, upload: { schema: upload } };
