import campaigns from './campaigns';
import events from './events';
import subscribers from './subscribers';
import subscription from './subscription';

export default { campaigns, events, subscribers, subscription };
