/**
 * docs/cli.md is the CLI reference, held to what `keydesk --help` says, both ways: every command
 * and every flag the built CLI's help lists is in the page's synopsis with exactly those flags, and
 * has an entry below it; every command and flag the page names is one --help lists. A command added
 * without its docs, or a flag documented that no longer exists, fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const PAGE = readFileSync(fileURLToPath(new URL('../../docs/cli.md', import.meta.url)), 'utf8');
const FLAG = /--[a-z][a-z-]*/g;

/** A command's help: its subcommands and its flags (without --help, which every command has). */
interface Help {
  readonly commands: string[];
  readonly flags: string[];
}

/** Reads commander's help text: the Options: and Commands: sections, two spaces in. */
function parseHelp(text: string): Help {
  const section = (title: string) => {
    const start = text.indexOf(`\n${title}:\n`);
    if (start < 0) return [];
    const lines = text.slice(start + title.length + 3).split('\n');
    const end = lines.findIndex((line) => line.trim() === '' || !line.startsWith(' '));
    return lines.slice(0, end < 0 ? undefined : end).filter((line) => /^ {2}\S/.test(line));
  };
  return {
    flags: section('Options').flatMap((line) => line.trim().split(/\s{2,}/)[0]!.match(FLAG) ?? []).filter((flag) => flag !== '--help'),
    commands: section('Commands').map((line) => line.trim().split(/\s/)[0]!).filter((name) => name !== 'help'),
  };
}

/** Every command path --help reaches ('' is keydesk itself), with its flags. */
const helped = new Map<string, string[]>();

beforeAll(async () => {
  const visit = async (path: string[]): Promise<void> => {
    const result = await runCli([...path, '--help']);
    expect(result.code, path.join(' ')).toBe(0);
    const help = parseHelp(result.stdout);
    // A group (keys, accounts) is not a command by itself: its subcommands are.
    if (help.commands.length === 0 || path.length === 0) helped.set(path.join(' '), help.flags);
    for (const command of help.commands) await visit([...path, command]);
  };
  await visit([]);
}, 120_000);

/** The synopsis block: `keydesk ...` lines, then one command per line (continued when indented deeper). */
function synopsis(): Map<string, string[]> {
  const block = /## Synopsis\n\n```\n([\s\S]*?)```/.exec(PAGE)?.[1];
  if (!block) throw new Error('docs/cli.md has no Synopsis block');
  const commands = new Map<string, string[]>();
  let current = '';
  for (const line of block.split('\n').filter(Boolean)) {
    if (line.startsWith('keydesk')) {
      current = '';
    } else if (/^ {2}\S/.test(line)) {
      const words = line.trim().split(/\s+/);
      current = words.slice(0, words.findIndex((word) => !/^[a-z][a-z-]*$/.test(word)) >>> 0).join(' ');
    }
    const flags = (line.match(FLAG) ?? []).filter((flag) => flag !== '--help');
    commands.set(current, [...new Set([...(commands.get(current) ?? []), ...flags])]);
  }
  return commands;
}

const sorted = (map: Map<string, string[]>) => Object.fromEntries([...map].map(([command, flags]) => [command, [...flags].sort()]).sort());

describe('docs/cli.md and --help', () => {
  it('the synopsis lists every command --help lists, each with exactly its flags, and no other', () => {
    expect(helped.size).toBeGreaterThan(20);
    expect(sorted(synopsis())).toEqual(sorted(helped));
  });

  it('every command has its own entry below the synopsis', () => {
    // `* **`keys create`**` or `* **`keys delete`, `keys disable`, ...**`: each code span in the bold lead.
    const entries = [...PAGE.matchAll(/^\* \*\*(.+?)\*\*/gm)].flatMap(([, lead]) => [...lead!.matchAll(/`([^`]+)`/g)].map(([, text]) => text!));
    for (const command of [...helped.keys()].filter(Boolean)) {
      expect(entries.some((entry) => entry === command || entry.startsWith(`${command} `)), command).toBe(true);
    }
  });

  it('every flag the page names, outside its shell examples, is one --help lists', () => {
    const prose = PAGE.replace(/```bash\n[\s\S]*?```/g, '');
    const known = new Set([...helped.values()].flat().concat('--help'));
    expect([...new Set(prose.match(FLAG))].filter((flag) => !known.has(flag))).toEqual([]);
  });
});
