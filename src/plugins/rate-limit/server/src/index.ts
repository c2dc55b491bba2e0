import bootstrap from './bootstrap';
import config from './config';
import middlewares from './middlewares';
import services from './services';

export default {
  bootstrap,
  config,
  middlewares,
  services,
};
