/**
 * `keydesk serve`: the SendGrid-compatible local API on 127.0.0.1 until Ctrl-C or SIGTERM, which
 * let requests in flight finish before the store is closed. Callers authenticate with their own
 * keys, so the API acts on each key's account (`--account` and KEYDESK_API_KEY play no part).
 * The HTTP server is loaded only here: no other command pays for it.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_LOCAL_API_PORT } from '../../../common/local-api-address.ts';
import type { CliContext } from '../session.ts';

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return Number(text);
}

const untilStopped = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export function registerServeCommand(program: Command, { output, openStore }: CliContext): void {
  program
    .command('serve')
    .description('serve /v3/api_keys and /v3/scopes on 127.0.0.1, as SendGrid does, until Ctrl-C')
    .option('--port <n>', `port to listen on; 0 picks a free one (default ${DEFAULT_LOCAL_API_PORT})`, parsePort)
    .option('--log', 'log each request (method, path, status, time; never a key) to stderr, one JSON line per request')
    .action(async (options: { port?: number; log?: boolean }) => {
      const [{ startLocalApi }, { createServices }] = await Promise.all([import('../../server/local-api.ts'), import('../../services/services.ts')]);
      const store = openStore();
      try {
        const api = await startLocalApi(createServices(store), {
          port: options.port ?? DEFAULT_LOCAL_API_PORT,
          ...(options.log ? { log: process.stderr } : {}),
        });
        output.out(`Keydesk local API listening on ${api.url} (Ctrl-C to stop)`);
        const signal = await untilStopped();
        output.err(`${signal}: finishing requests in flight, then stopping.`);
        await api.close();
      } finally {
        store.close();
      }
    });
}
