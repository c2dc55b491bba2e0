import campaigns from './campaigns';
import digest from './digest';
import events from './events';
import subscribers from './subscribers';
import subscription from './subscription';

export default { campaigns, digest, events, subscribers, subscription };
