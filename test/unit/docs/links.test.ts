/**
 * The README and docs/ point only at what exists: every relative link and image resolves to a
 * file or folder of the checkout, and every #anchor into a markdown page names one of its headings,
 * slugged as GitHub does. And the README stays a few screens long; the rest lives in docs/.
 */
import GithubSlugger from 'github-slugger';
import { Lexer, walkTokens, type Token } from 'marked';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-store.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const README_MAX_LINES = 250;

/** README.md and every page in docs/, as paths relative to `root`. */
function pagesOf(root: string): string[] {
  const docs = join(root, 'docs');
  const pages = existsSync(docs) ? readdirSync(docs).filter((name) => name.endsWith('.md')) : [];
  return ['README.md', ...pages.sort().map((name) => `docs/${name}`)];
}

/** A heading's text as GitHub slugs it: code spans count by their text, markup not at all. */
function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'html' || token.type === 'image' || token.type === 'br') return '';
      if ('tokens' in token && token.tokens) return plainText(token.tokens);
      return 'text' in token ? String(token.text) : '';
    })
    .join('');
}

interface Page {
  readonly anchors: ReadonlySet<string>;
  readonly targets: readonly string[];
}

function readPage(file: string): Page {
  const tokens = new Lexer({ gfm: true }).lex(readFileSync(file, 'utf8'));
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const targets: string[] = [];
  walkTokens(tokens, (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText(token.tokens ?? [])));
    else if (token.type === 'link' || token.type === 'image') targets.push(token.href);
    else if (token.type === 'html') for (const match of token.raw.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) targets.push(match[1]!);
  });
  return { anchors, targets };
}

/** Every link or image in the pages that does not resolve, as "page: target (why)". */
function brokenLinks(root: string): string[] {
  const pages = new Map(pagesOf(root).map((page) => [page, readPage(join(root, page))]));
  const anchorsOf = (file: string): ReadonlySet<string> => {
    const page = relative(root, file).split('\\').join('/');
    return (pages.get(page) ?? readPage(file)).anchors;
  };
  const broken: string[] = [];
  for (const [page, { targets }] of pages) {
    for (const target of targets) {
      // Web addresses and mail are not files of the checkout.
      if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(target)) continue;
      const hash = target.indexOf('#');
      const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const file = path === '' ? join(root, page) : path.startsWith('/') ? join(root, path) : resolve(dirname(join(root, page)), path);
      if (relative(root, file).startsWith('..')) broken.push(`${page}: ${target} (outside the checkout)`);
      else if (!existsSync(file)) broken.push(`${page}: ${target} (no such file)`);
      else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
    }
  }
  return broken;
}

describe('README and docs/', () => {
  it('every relative link and image resolves, and every anchor names a heading', () => {
    expect(brokenLinks(ROOT)).toEqual([]);
  });

  it('the README links to every docs page', () => {
    const { targets } = readPage(join(ROOT, 'README.md'));
    const linked = new Set(targets.map((target) => target.split('#')[0]));
    const unlinked = pagesOf(ROOT).filter((page) => page !== 'README.md' && !linked.has(page));
    expect(pagesOf(ROOT).length).toBeGreaterThan(1);
    expect(unlinked).toEqual([]);
  });

  it(`the README is at most ${README_MAX_LINES} lines`, () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('the check finds a missing file, a missing image, a wrong anchor and a wrong anchor into another page', () => {
    const root = tempDir('keydesk-links-');
    try {
      mkdirSync(join(root, 'docs'));
      writeFileSync(join(root, 'pic.png'), '');
      writeFileSync(
        join(root, 'README.md'),
        [
          '# Keydesk',
          '## The `keydesk` command line',
          '## Diff (`keydesk diff OLD [NEW]`)',
          '## Diff (`keydesk diff OLD [NEW]`)',
          '[ok](docs/cli.md#flags) [ok](#the-keydesk-command-line) [ok](#diff-keydesk-diff-old-new-1) ![ok](pic.png) [web](https://example.com/x.md)',
          '[gone](docs/missing.md) ![gone](docs/gone.png) [bad](#no-such-heading) [bad](docs/cli.md#nope)',
          '```bash\n[not a link](inside/a/code/block.md)\n```',
        ].join('\n\n'),
      );
      writeFileSync(join(root, 'docs', 'cli.md'), '# CLI\n\n## Flags\n\n| a |\n|---|\n| [up](../README.md#keydesk) [cell](../nothing.md) |\n');
      expect(brokenLinks(root)).toEqual([
        'README.md: docs/missing.md (no such file)',
        'README.md: docs/gone.png (no such file)',
        'README.md: #no-such-heading (no such heading)',
        'README.md: docs/cli.md#nope (no such heading)',
        'docs/cli.md: ../nothing.md (no such file)',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
