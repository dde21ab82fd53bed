/**
 * electron-builder.yml, checked offline: against electron-builder's own JSON schema (the one its
 * validateConfiguration uses, with the same ajv options), plus the release rules the schema cannot
 * express: hardened fuses, native addons unpacked and not rebuilt, a target per OS, icons present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
const schema = require('app-builder-lib/scheme.json') as object;

// electron-builder's own settings (out/util/config/schemaValidator.js), minus coerceTypes: a string
// "false" where a boolean belongs is a mistake worth failing on.
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const text = readFileSync(`${ROOT}electron-builder.yml`, 'utf8');
interface PlatformConfig {
  target: { target: string }[];
  icon: string;
  files: string[];
  extraResources: { from: string; to: string; filter: string[] }[];
  executableName?: string;
}
type Config = Record<string, unknown> & {
  productName: string;
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
  win: PlatformConfig;
  mac: PlatformConfig;
  linux: PlatformConfig;
};
const config = load(text) as Config;

const errorsOf = (candidate: unknown) => (validate(candidate) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s JSON schema', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('fails the schema with a deliberate typo in a copy', () => {
    const typo = load(text.replace(/^asarUnpack:/m, 'asarUnpak:'));
    expect(errorsOf(typo)).toContain(' must NOT have additional properties');
    const wrongType = load(text.replace('npmRebuild: false', 'npmRebuild: "no"'));
    expect(errorsOf(wrongType).join('\n')).toMatch(/\/npmRebuild must be boolean/);
    const badFuse = load(text.replace('runAsNode: false', 'runAsNod: false'));
    expect(errorsOf(badFuse).length).toBeGreaterThan(0);
  });

  it('names the app and ships only the built output and package.json', () => {
    expect(config).toMatchObject({ appId: 'dev.keydesk.desktop', productName: 'Keydesk' });
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { productName: string; main: string };
    expect(pkg.productName).toBe(config.productName);
    expect(pkg.main).toMatch(/^dist\//);
    expect(config.files.filter((f) => !f.startsWith('!'))).toEqual(['dist/**/*', 'package.json']);
  });

  it('each platform ships the same files, with only its own prebuilt better-sqlite3 addon', () => {
    // electron-builder replaces the top-level list with a platform's own: the copies must not drift.
    const prebuild = (name: string) => `!node_modules/better-sqlite3/prebuilds/!(${name}-\${arch}).node`;
    expect(config.linux.files).toEqual([...config.files, prebuild('linux')]);
    expect(config.mac.files).toEqual([...config.files, prebuild('darwin')]);
    expect(config.win.files).toEqual([...config.files, prebuild('win32')]);
  });

  it('ships the keydesk launcher each platform runs, pointing at the binary each platform gets', () => {
    expect(config.linux.extraResources).toEqual([{ from: 'build/bin', to: 'bin', filter: ['keydesk'] }]);
    expect(config.mac.extraResources).toEqual([{ from: 'build/bin', to: 'bin', filter: ['keydesk'] }]);
    expect(config.win.extraResources).toEqual([{ from: 'build/bin', to: 'bin', filter: ['keydesk.cmd'] }]);
    const sh = readFileSync(`${ROOT}build/bin/keydesk`, 'utf8');
    expect(sh).toContain(`app=$bin/../../${config.linux.executableName}`);
    expect(sh).toContain(`app=$bin/../../MacOS/${config.productName}`);
    const cmd = readFileSync(`${ROOT}build/bin/keydesk.cmd`, 'utf8');
    expect(cmd).toContain(`"%~dp0..\\..\\${config.productName}.exe" --cli -- %*`);
    expect(cmd).toMatch(/\r\n/); // cmd.exe reads batch files with CRLF line ends
  });

  it('hardens every Electron fuse that lets code run with the app\'s rights', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks native addons from the asar and never rebuilds them (N-API prebuilds)', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.asar).toBe(true);
  });

  it('builds nsis + portable for Windows, dmg + zip for macOS, AppImage + deb for Linux, each with an icon that exists', () => {
    const targets = (os: { target: { target: string }[] }) => os.target.map((t) => t.target);
    expect(targets(config.win)).toEqual(['nsis', 'portable']);
    expect(targets(config.mac)).toEqual(['dmg', 'zip']);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    for (const os of [config.win, config.mac, config.linux]) expect(existsSync(`${ROOT}${os.icon}`), os.icon).toBe(true);
    expect(readFileSync(`${ROOT}build/icon.png`).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(`${ROOT}build/icon.icns`).subarray(0, 4).toString()).toBe('icns');
    expect(readFileSync(`${ROOT}build/icon.ico`).readUInt16LE(2)).toBe(1);
  });
});
