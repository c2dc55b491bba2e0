/**
 * Upload limits sized for web video proxies: a 30-minute 1080p proxy at 5 Mbit/s is about
 * 1.1 GB, so one file may reach 2 GiB. JSON bodies stay small: a long article is well under 2 MB.
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
export const MAX_JSON_BODY = '2mb';
