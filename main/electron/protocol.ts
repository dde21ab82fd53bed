/**
 * Registers `app://keydesk`: privileged like https (standard, secure) so the renderer gets a real
 * origin and ES modules, and answered only by the handler in app-protocol.ts. Pages never load from
 * file://, whose extra privileges would let an XSS read local files.
 */
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME, createAppProtocolHandler } from './app-protocol.ts';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Before the app is ready. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After the app is ready: serves `root` (dist/renderer) for app://keydesk only. */
export function serveApp(protocol: Pick<ProtocolLike, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root, { host: APP_HOST }));
}
