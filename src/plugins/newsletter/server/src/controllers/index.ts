import subscription from './subscription';

export default { subscription };
