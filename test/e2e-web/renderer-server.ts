/**
 * The built renderer over HTTP on a loopback address, through the same handler the `app://keydesk`
 * protocol uses (same path rules, same CSP header), and the script each page gets in place of the
 * preload. Node only: the browser test host and the renderer benchmark both serve the app with it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { createAppProtocolHandler } from '../../main/electron/app-protocol.ts';
import { RENDERER_DIST, ROOT } from '../../scripts/build.ts';

/** Bundles a bridge for the page (an IIFE, no imports left), from its entry relative to the repository. */
export async function bundleForPage(entry: string): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome140',
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

export interface RendererServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The app's start page. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the built renderer on `host` (any loopback address) and a free port. */
export async function startRendererServer(root = RENDERER_DIST, host = '127.0.0.1'): Promise<RendererServer> {
  const handle = createAppProtocolHandler(root);
  const server: Server = createServer((req, res) => {
    const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? host}`), { method: req.method ?? 'GET' });
    handle(request)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/index.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
