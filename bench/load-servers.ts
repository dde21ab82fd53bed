/**
 * Worker thread of the load test: the local API over a temp store and a bare Fastify server
 * answering the same body as a constant, so the servers get their own thread and the load
 * generator does not steal their event loop. Posts `{apiUrl, bareUrl, apiKey}`; stops on 'stop'.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import Fastify from 'fastify';
import { startLocalApi } from '../main/server/local-api.ts';
import { OWNER } from '../main/services/caller.ts';
import { createServices } from '../main/services/services.ts';
import { openStore } from '../main/store/store.ts';
import { tempDir } from '../test/helpers/temp-store.ts';

export interface LoadServersReady {
  readonly apiUrl: string;
  readonly bareUrl: string;
  readonly apiKey: string;
}

const dir = tempDir('keydesk-bench-');
const store = openStore(join(dir, 'keydesk.db'));
const services = createServices(store);
const key = services.keys.create(
  { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' },
  { name: 'load test', scopes: ['mail.send', 'mail.batch.read', 'stats.read', 'stats.global.read', 'templates.read', 'api_keys.read'] },
);
const api = await startLocalApi(services, { port: 0 });

// The baseline: the same library, the same body, no work at all.
const constant = JSON.stringify({ scopes: key.scopes });
const bare = Fastify();
bare.get('/v3/scopes', async (_request, reply) => reply.type('application/json; charset=utf-8').send(constant));
await bare.listen({ host: '127.0.0.1', port: 0 });
const barePort = (bare.server.address() as { port: number }).port;

parentPort!.once('message', async () => {
  await bare.close();
  await api.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  parentPort!.close();
});
parentPort!.postMessage({
  apiUrl: `${api.url}/v3/scopes`,
  bareUrl: `http://127.0.0.1:${barePort}/v3/scopes`,
  apiKey: key.api_key,
} satisfies LoadServersReady);
