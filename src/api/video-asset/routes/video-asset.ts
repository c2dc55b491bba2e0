import { publicReadRouter } from '../../../content/public-router';
import { POPULATE } from '../middlewares/video-asset-populate';

export default publicReadRouter('api::video-asset.video-asset', 'api::video-asset.video-asset-populate', POPULATE);
