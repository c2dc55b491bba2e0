import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import destroy from './destroy';
import services from './services';

export default {
  bootstrap,
  destroy,
  config,
  contentTypes,
  services,
};
