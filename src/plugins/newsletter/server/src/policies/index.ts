import eventSource from './event-source';

export default { 'event-source': eventSource };
