import { ACTIONS, guardedBy } from '../permissions';
import { fileParams, fileQuery, grantBody, grantParams, grantQuery, grantResponse } from './schemas';

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
        request: { params: grantParams, query: grantQuery, body: { 'application/json': grantBody } },
        response: grantResponse,
      },
      {
        // The signed link is the credential: it carries its own expiry and signature.
        method: 'GET',
        path: '/video-masters/files/:id',
        handler: 'downloads.file',
        config: { auth: false },
        // The answer is the file itself (or 206/304/403/416), not JSON.
        request: { params: fileParams, query: fileQuery },
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
      // Master uploads: any admin; the service checks that they may edit the asset's renditions.
      { method: 'POST', path: '/uploads', handler: 'uploads.create', config: { policies: ['admin::isAuthenticatedAdmin'] } },
      { method: 'GET', path: '/uploads', handler: 'uploads.find', config: { policies: ['admin::isAuthenticatedAdmin'] } },
      { method: 'GET', path: '/uploads/:uploadId', handler: 'uploads.findOne', config: { policies: ['admin::isAuthenticatedAdmin'] } },
      { method: 'POST', path: '/uploads/:uploadId/parts/:partNumber', handler: 'uploads.partUrl', config: { policies: ['admin::isAuthenticatedAdmin'] } },
      // Local storage: the browser sends the part's raw bytes to the signed URL it was given.
      { method: 'PUT', path: '/uploads/:uploadId/parts/:partNumber', handler: 'uploads.writePart', config: { auth: false } },
      { method: 'POST', path: '/uploads/:uploadId/complete', handler: 'uploads.complete', config: { policies: ['admin::isAuthenticatedAdmin'] } },
      { method: 'DELETE', path: '/uploads/:uploadId', handler: 'uploads.abort', config: { policies: ['admin::isAuthenticatedAdmin'] } },
    ],
  },
};
