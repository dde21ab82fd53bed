/**
 * #7 leak check over a 200 MB tree of source-like text with planted keys, against
 * `grep -rnoE` with the same pattern (gitleaks' SendGrid rule) over the same tree, in the C
 * locale, its fastest. Keydesk also skips binary and oversized files and tells live keys from
 * others; grep only finds the strings. Both are checked to find the same hits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueKey } from '../../main/core/key-format.ts';
import { OWNER, systemClock } from '../../main/services/caller.ts';
import { createKeyService } from '../../main/services/keys.ts';
import { checkLeaks } from '../../main/services/leak-check.ts';
import { compareRuns, ratioCase, type CaseResult } from '../harness.ts';
import { openBenchStore } from '../fixtures.ts';

export const GREP = '/usr/bin/grep';
/** gitleaks' `sendgrid-api-token` rule, as grep -E reads it (no lookahead: planted keys end cleanly). */
const GREP_PATTERN = '\\bSG\\.[A-Za-z0-9=_.-]{66}';

const FOLDERS = 40;
const FILES_PER_FOLDER = 100;

/** Lines of ordinary source, some mentioning "SG." without holding a key, as real code does. */
function sourceBlock(bytes: number): string {
  const lines = [
    "import { createClient } from './client.js';",
    'export async function send(message, options = {}) {',
    '  const response = await client.request({ method: "POST", url: "/v3/mail/send", body: message });',
    '  if (response.statusCode >= 400) throw new Error(`send failed: ${response.statusCode}`);',
    '  return { id: response.headers["x-message-id"], accepted: true, retries: options.retries ?? 3 };',
    '}',
    '// Keys come from the environment (SENDGRID_API_KEY), never from source.',
  ];
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `${lines[i % lines.length]} // ${i}\n`;
  return text;
}

/**
 * Writes the tree: FOLDERS x FILES_PER_FOLDER files making up `totalBytes`. One file in ten
 * mentions "SG." (so the scanner cannot skip it whole); `planted` keys sit in files spread through it.
 */
export function writeLeakTree(root: string, totalBytes: number, planted: readonly string[]): void {
  const perFile = Math.ceil(totalBytes / (FOLDERS * FILES_PER_FOLDER));
  const block = sourceBlock(perFile);
  const total = FOLDERS * FILES_PER_FOLDER;
  for (let f = 0; f < FOLDERS; f++) {
    const folder = join(root, `module-${f}`, 'src');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < FILES_PER_FOLDER; i++) {
      const n = f * FILES_PER_FOLDER + i;
      const mention = n % 10 === 0 ? 'const sg = SG.client(); // SG.init() reads SENDGRID_API_KEY\n' : '';
      const slot = Math.floor((n * planted.length) / total);
      const plant = (n * planted.length) % total < planted.length ? `const SENDGRID_API_KEY = "${planted[slot]}";\n` : '';
      writeFileSync(join(folder, `file-${i}.js`), `// file ${n}\n${mention}${block.slice(0, block.length >> 1)}${plant}${block.slice(block.length >> 1)}`);
    }
  }
}

export async function benchLeakCheck(totalBytes = 200 * 1024 * 1024, runs = 5): Promise<CaseResult> {
  const bench = openBenchStore();
  try {
    const caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'cli' as const };
    const service = createKeyService(bench.store, systemClock);
    const live = Array.from({ length: 20 }, (_, i) => service.create(caller, { name: `leaked ${i}`, scopes: ['mail.send'] }).api_key);
    const strangers = Array.from({ length: 30 }, () => issueKey().apiKey);
    const root = join(bench.dir, 'repo');
    writeLeakTree(root, totalBytes, [...live, ...strangers]);

    let keydeskHits = 0;
    let grepHits = 0;
    const timings = await compareRuns(
      async () => {
        const report = await checkLeaks(bench.store, root, { caller });
        keydeskHits = report.hits.length;
        if (report.hits.filter((h) => h.status === 'live').length !== live.length) throw new Error('the leak check missed live keys');
      },
      () => {
        const grep = spawnSync(GREP, ['-rnoE', GREP_PATTERN, root], { env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 64 * 1024 * 1024 });
        if (grep.status !== 0) throw new Error(`grep failed: ${grep.stderr.toString()}`);
        grepHits = grep.stdout.toString().split('\n').filter(Boolean).length;
      },
      runs,
    );
    if (keydeskHits !== live.length + strangers.length || grepHits !== keydeskHits) {
      throw new Error(`hits differ: Keydesk ${keydeskHits}, grep ${grepHits}, planted ${live.length + strangers.length}`);
    }
    const megabytes = Math.round(totalBytes / 2 ** 20);
    return ratioCase('7', `leak check over a ${megabytes} MB tree`, timings, 2);
  } finally {
    bench.close();
  }
}
