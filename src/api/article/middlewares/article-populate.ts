import { IMAGE, MEETING_TEASER, PERSON_TEASER, TOPIC_TEASER, VIDEO_TEASER, defaultPopulate, type PopulateTree } from '../../../content/default-populate';

/** What the public `find` and `findOne` answer when the request names no `populate` or `fields`. */
export const POPULATE: PopulateTree = {
  location: true,
  seo: { populate: { shareImage: IMAGE } },
  cover: IMAGE,
  people: PERSON_TEASER,
  meeting: MEETING_TEASER,
  topics: TOPIC_TEASER,
  videos: VIDEO_TEASER,
};

export default defaultPopulate(POPULATE);
