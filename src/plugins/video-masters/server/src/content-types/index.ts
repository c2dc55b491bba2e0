import download from './download/schema.json';

export default { download: { schema: download } };
