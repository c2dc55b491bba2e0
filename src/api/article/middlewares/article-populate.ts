import { defaultPopulate } from '../../../content/default-populate';

export default defaultPopulate({
  location: true,
  seo: { populate: { shareImage: true } },
  cover: true,
  people: { populate: { portrait: true } },
  meeting: { populate: { location: true } },
  topics: true,
  videos: { populate: { poster: true, location: true, technical: true, renditions: { populate: { file: true } } } },
});
