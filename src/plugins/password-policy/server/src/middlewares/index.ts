import guard from './guard';

export default { guard };
