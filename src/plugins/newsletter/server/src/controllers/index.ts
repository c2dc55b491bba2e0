import campaigns from './campaigns';
import subscribers from './subscribers';
import subscription from './subscription';

export default { campaigns, subscribers, subscription };
