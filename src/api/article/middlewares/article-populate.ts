import { IMAGE, MEETING_TEASER, PERSON_TEASER, TOPIC_TEASER, VIDEO_TEASER, defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  location: true,
  seo: { populate: { shareImage: IMAGE } },
  cover: IMAGE,
  people: PERSON_TEASER,
  meeting: MEETING_TEASER,
  topics: TOPIC_TEASER,
  videos: VIDEO_TEASER,
});
