import config from './config';
import controllers from './controllers';
import routes from './routes';
import services from './services';

export default {
  config,
  controllers,
  routes,
  services,
};
