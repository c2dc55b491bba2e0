import limiter from './limiter';

export default { limiter };
