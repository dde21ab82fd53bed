/**
 * Serves the built renderer for the `app://keydesk` protocol: only files under the renderer folder,
 * after decoding and normalising the path, each response with the Content Security Policy as a
 * header. No `electron` import: it maps a fetch `Request` to a `Response`, so `protocol.handle`
 * uses it in the app and the browser test host serves the same code over HTTP.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'keydesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Nothing remote, no inline script or style, no plugins, no framing, no form posts. index.html carries the same policy. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
} as const;

/**
 * The file under `root` a request URL names, or null when it names anything outside it (`..`,
 * encoded separators, NUL bytes, undecodable escapes). `/` is index.html.
 */
export function resolveAppFile(root: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname.replace(/^[/\\]+/, '') || 'index.html';
  const base = resolve(root);
  const file = resolve(base, relative);
  return file.startsWith(base + sep) ? file : null;
}

const respond = (status: number, body: string | Uint8Array<ArrayBuffer> | null, contentType = 'text/plain; charset=utf-8'): Response =>
  new Response(body, { status, headers: { ...SECURITY_HEADERS, 'content-type': contentType } });

export interface AppProtocolOptions {
  /** Serve only URLs of this host (`keydesk` for app://keydesk); any host when absent (the HTTP test host). */
  readonly host?: string;
}

/** A `protocol.handle` handler serving `root` (the built renderer, dist/renderer). */
export function createAppProtocolHandler(root: string, { host }: AppProtocolOptions = {}): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'method not allowed');
    if (host !== undefined && new URL(request.url).host !== host) return respond(404, 'not found');
    const file = resolveAppFile(root, request.url);
    if (file === null) return respond(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return respond(404, 'not found');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return respond(200, request.method === 'HEAD' ? null : Uint8Array.from(body), type);
  };
}
