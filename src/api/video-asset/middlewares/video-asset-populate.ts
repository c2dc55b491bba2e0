import { ARTICLE_TEASER, IMAGE, RENDITION, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  location: true,
  poster: IMAGE,
  shots: true,
  technical: true,
  // The asset's own page shows each file's checksum for broadcasters to verify.
  renditions: { ...RENDITION, fields: [...RENDITION.fields, 'checksum'] },
  articles: ARTICLE_TEASER,
});
