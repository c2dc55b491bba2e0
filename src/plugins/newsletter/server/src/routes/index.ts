import { ACTIONS, guardedBy } from '../permissions';
import {
  eventsResponse,
  inboundBody,
  postmarkBody,
  sendgridBody,
  sesBody,
  subscribeBody,
  subscribeResponse,
  subscribedResponse,
  subscriptionResponse,
  tokenBody,
  unsubscribeBody,
  unsubscribeQuery,
  unsubscribedResponse,
} from './schemas';

const limited = (name: 'subscribe' | 'confirm' | 'unsubscribe' | 'events') => ({
  name: 'plugin::rate-limit.ip-limit',
  config: { limit: `newsletter.${name}` },
});

export default {
  'content-api': {
    type: 'content-api',
    prefix: '',
    routes: [
      {
        // Authenticated through users-permissions: the public and authenticated roles both hold
        // this permission (granted at start), so a JWT is optional and tells who is asking.
        method: 'POST',
        path: '/newsletter/subscribe',
        handler: 'subscription.subscribe',
        config: { middlewares: [limited('subscribe')] },
        request: { body: { 'application/json': subscribeBody } },
        response: subscribeResponse,
      },
      {
        method: 'POST',
        path: '/newsletter/confirm',
        handler: 'subscription.confirm',
        config: { auth: false, middlewares: [limited('confirm')] },
        request: { body: { 'application/json': tokenBody } },
        response: subscribedResponse,
      },
      {
        method: 'POST',
        path: '/newsletter/unsubscribe',
        handler: 'subscription.unsubscribe',
        config: { auth: false, middlewares: [limited('unsubscribe')] },
        request: { query: unsubscribeQuery, body: unsubscribeBody },
        response: unsubscribedResponse,
      },
      { method: 'GET', path: '/newsletter/subscription', handler: 'subscription.mine', response: subscriptionResponse },
      { method: 'DELETE', path: '/newsletter/subscription', handler: 'subscription.leave', response: unsubscribedResponse },
      // Bounces and complaints. No users-permissions login: each source proves itself, by a
      // secret (policy) or by a signature over the body (service). Bodies are read raw.
      {
        method: 'POST',
        path: '/newsletter/events/inbound',
        handler: 'events.inbound',
        config: { auth: false, middlewares: [limited('events')], policies: [{ name: 'plugin::newsletter.event-source', config: { source: 'inbound' } }] },
        request: { body: inboundBody },
        response: eventsResponse,
      },
      {
        method: 'POST',
        path: '/newsletter/events/ses',
        handler: 'events.ses',
        config: { auth: false, middlewares: [limited('events')], policies: [{ name: 'plugin::newsletter.event-source', config: { source: 'ses' } }] },
        request: { body: sesBody },
        response: eventsResponse,
      },
      {
        method: 'POST',
        path: '/newsletter/events/postmark',
        handler: 'events.postmark',
        config: { auth: false, middlewares: [limited('events')], policies: [{ name: 'plugin::newsletter.event-source', config: { source: 'postmark' } }] },
        request: { body: postmarkBody },
        response: eventsResponse,
      },
      {
        method: 'POST',
        path: '/newsletter/events/sendgrid',
        handler: 'events.sendgrid',
        config: { auth: false, middlewares: [limited('events')], policies: [{ name: 'plugin::newsletter.event-source', config: { source: 'sendgrid' } }] },
        request: { body: sendgridBody },
        response: eventsResponse,
      },
    ],
  },
  admin: {
    type: 'admin',
    // Admin routes of a plugin are served under /newsletter/…
    routes: [
      { method: 'GET', path: '/subscribers', handler: 'subscribers.find', config: { policies: guardedBy(ACTIONS.read) } },
      { method: 'GET', path: '/subscribers/export', handler: 'subscribers.export', config: { policies: guardedBy(ACTIONS.read) } },
      { method: 'POST', path: '/subscribers/import', handler: 'subscribers.import', config: { policies: guardedBy(ACTIONS.manage) } },
      { method: 'GET', path: '/subscribers/:id', handler: 'subscribers.findOne', config: { policies: guardedBy(ACTIONS.read) } },
      { method: 'POST', path: '/subscribers/:id/suppress', handler: 'subscribers.suppress', config: { policies: guardedBy(ACTIONS.manage) } },
      { method: 'POST', path: '/subscribers/:id/lift', handler: 'subscribers.lift', config: { policies: guardedBy(ACTIONS.manage) } },
      { method: 'DELETE', path: '/subscribers/:id', handler: 'subscribers.delete', config: { policies: guardedBy(ACTIONS.manage) } },
      { method: 'POST', path: '/campaigns', handler: 'campaigns.create', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'GET', path: '/campaigns', handler: 'campaigns.find', config: { policies: guardedBy(ACTIONS.campaignsRead) } },
      { method: 'GET', path: '/campaigns/:id', handler: 'campaigns.findOne', config: { policies: guardedBy(ACTIONS.campaignsRead) } },
      { method: 'GET', path: '/campaigns/:id/preview', handler: 'campaigns.preview', config: { policies: guardedBy(ACTIONS.campaignsRead) } },
      { method: 'POST', path: '/campaigns/:id/test', handler: 'campaigns.test', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'POST', path: '/campaigns/:id/send', handler: 'campaigns.send', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'POST', path: '/campaigns/:id/pause', handler: 'campaigns.pause', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'POST', path: '/campaigns/:id/resume', handler: 'campaigns.resume', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'POST', path: '/campaigns/:id/schedule', handler: 'campaigns.schedule', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'DELETE', path: '/campaigns/:id/schedule', handler: 'campaigns.unschedule', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'GET', path: '/campaigns/:id/report', handler: 'campaigns.report', config: { policies: guardedBy(ACTIONS.campaignsRead) } },
      { method: 'GET', path: '/campaigns/:id/report/export', handler: 'campaigns.exportReport', config: { policies: guardedBy(ACTIONS.campaignsRead) } },
      { method: 'POST', path: '/campaigns/:id/retry-failed', handler: 'campaigns.retryFailed', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
      { method: 'GET', path: '/digest', handler: 'digest.find', config: { policies: guardedBy(ACTIONS.campaignsRead) } },
      { method: 'PUT', path: '/digest', handler: 'digest.update', config: { policies: guardedBy(ACTIONS.campaignsSend) } },
    ],
  },
};
