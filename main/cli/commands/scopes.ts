/** `keydesk scopes`: the catalog, or the acting key's own scopes (like GET /v3/scopes). */
import type { Command } from 'commander';
import { CATEGORIES, SCOPE_INDEX } from '../../../common/catalog.ts';
import { json, table } from '../output.ts';
import type { CliContext } from '../session.ts';

export function registerScopeCommands(program: Command, { env, output, session }: CliContext): void {
  program
    .command('scopes')
    .description("the scope catalog, or with KEYDESK_API_KEY set, that key's own scopes")
    .option('--json', 'JSON output')
    .action((options: { json?: boolean }) => {
      if (env.KEYDESK_API_KEY !== undefined) {
        session(({ caller }) => {
          const scopes = caller.actor.kind === 'key' ? caller.actor.scopes : [];
          output.out(options.json ? json({ scopes }) : scopes.join('\n'));
        });
        return;
      }
      if (options.json) {
        output.out(json({ categories: CATEGORIES, scopes: [...SCOPE_INDEX.values()] }));
        return;
      }
      const rows = CATEGORIES.map((c) => [c.id, c.name, c.levels.join('/'), String(c.full?.length ?? c.read?.length ?? 0)]);
      output.out(table(['category', 'name', 'levels', 'scopes'], rows));
      const loose = [...SCOPE_INDEX.values()].filter((s) => !s.category);
      const looseRows = loose.map((s) => [s.scope, s.group + (s.assignable ? '' : ' (set by SendGrid, not grantable)')]);
      output.out(`\nScopes outside the categories (grant with --scopes):\n${table(['scope', 'group'], looseRows)}`);
    });
}
