/**
 * Web pages get nothing from the local API. A browser labels what a page sends: `Origin` on
 * every cross-origin request and on any POST, PUT, PATCH or DELETE, and `Sec-Fetch-Site` on every
 * request from a current browser, neither of which a page can remove. SendGrid's clients (curl,
 * the SDKs, Node's fetch) send neither. So a request carrying either is refused with 403 before
 * the failed-authentication limit or the key is looked at: a page on any origin, a local one
 * included, can neither use a key nor count a failure against one.
 *
 * `Sec-Fetch-Mode` is not a sign: Node's fetch sends it too.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { KeydeskError } from '../../common/errors.ts';

export function isFromBrowser(headers: IncomingHttpHeaders): boolean {
  return headers.origin !== undefined || headers['sec-fetch-site'] !== undefined;
}

export const BROWSER_NOT_ALLOWED = new KeydeskError('FORBIDDEN', [
  { field: 'origin', message: 'the local API does not answer web pages: requests with an Origin or Sec-Fetch-Site header are refused' },
]);
