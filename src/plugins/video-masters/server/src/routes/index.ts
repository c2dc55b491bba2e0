import { ACTIONS, guardedBy } from '../permissions';

export default {
  'content-api': {
    type: 'content-api',
    prefix: '',
    routes: [
      {
        // The policy reads the caller's token itself: 401 anonymous, 403 unverified or blocked.
        method: 'POST',
        path: '/video-assets/:documentId/downloads',
        handler: 'downloads.grant',
        config: { auth: false, policies: ['plugin::video-masters.verified-account'] },
      },
      {
        // The signed link is the credential: it carries its own expiry and signature.
        method: 'GET',
        path: '/video-masters/files/:id',
        handler: 'downloads.file',
        config: { auth: false },
      },
    ],
  },
  admin: {
    type: 'admin',
    // Admin routes of a plugin are served under /video-masters/…
    routes: [
      { method: 'GET', path: '/downloads', handler: 'records.find', config: { policies: guardedBy(ACTIONS.read) } },
      { method: 'GET', path: '/downloads/export', handler: 'records.export', config: { policies: guardedBy(ACTIONS.read) } },
      { method: 'GET', path: '/downloads/counts', handler: 'records.counts', config: { policies: guardedBy(ACTIONS.read) } },
    ],
  },
};
