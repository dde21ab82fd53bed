/**
 * Where the local API listens by default. Its own module, free of the server library, because the
 * settings schema (bundled into the preload) needs the default port too.
 */

export const LOCAL_API_HOST = '127.0.0.1';
export const DEFAULT_LOCAL_API_PORT = 3017;
