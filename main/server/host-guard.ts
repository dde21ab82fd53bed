/**
 * Loopback only, twice over: the server binds to a loopback address, and every request must name
 * a loopback host. The second check is the DNS-rebinding guard: a web page whose domain is made
 * to resolve to 127.0.0.1 reaches the socket, but its browser still sends `Host: evil.example`.
 */
import { badRequest, KeydeskError } from '../../common/errors.ts';

/** Addresses the local API may bind to. Nothing else is ever listened on. */
const LOOPBACK_BIND_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);

export function assertLoopbackBindAddress(host: string): void {
  if (!LOOPBACK_BIND_ADDRESSES.has(host)) {
    throw badRequest('host', 'the local API listens on loopback only: 127.0.0.1, ::1 or localhost');
  }
}

/** Host names a request may carry. IPv6 literals appear bracketed in a Host header. */
const LOOPBACK_HOST_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const HOST_HEADER = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/;

/** Whether a Host header names this server by a loopback name (and, if it has one, its port). */
export function isLoopbackHostHeader(host: string | undefined, listeningPort: number): boolean {
  if (host === undefined) return false;
  const match = HOST_HEADER.exec(host);
  if (!match) return false;
  const [, name = '', port] = match;
  if (!LOOPBACK_HOST_NAMES.has(name.toLowerCase())) return false;
  return port === undefined || Number(port) === listeningPort;
}

export const HOST_NOT_ALLOWED = new KeydeskError('FORBIDDEN', [
  { field: 'host', message: 'the local API answers only requests addressed to 127.0.0.1, localhost or [::1]' },
]);
