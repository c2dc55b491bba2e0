import { ARTICLE_TEASER, IMAGE, RENDITION, defaultPopulate, type PopulateTree } from '../../../content/default-populate';

/** What the public `find` and `findOne` answer when the request names no `populate` or `fields`. */
export const POPULATE: PopulateTree = {
  location: true,
  poster: IMAGE,
  shots: true,
  technical: true,
  // The asset's own page shows each file's checksum for broadcasters to verify.
  renditions: { ...RENDITION, fields: [...RENDITION.fields, 'checksum'] },
  articles: ARTICLE_TEASER,
};

export default defaultPopulate(POPULATE);
