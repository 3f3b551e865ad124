/**
 * The Teams app package (manifest/): `npm run package` as on a fresh clone, offline schema
 * validation against the schema bundled in @microsoft/app-manifest, the icons, the bot's
 * commands, and every URL of the manifest requested from the real server.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pngjs from 'pngjs';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommand, type CommandName } from '../bot/commands.js';
import { openStore } from '../core/store/open.js';
import type { Store } from '../core/store/store.js';
import { ACCENT_COLOR, COLOR_ICON, drawColorIcon, drawOutlineIcon, ICON_DIR, OUTLINE_ICON } from '../manifest/icons/draw.js';
import {
  buildPackage,
  buildPackageFiles,
  bundledSchemaVersions,
  iconProblems,
  LOCAL_DEFAULTS,
  MANIFEST_VERSION,
  PACKAGE_FILE_NAME,
  PackageError,
  readPackageSettings,
  unzipPackage,
  validatePackageFiles,
  type PackageFiles,
} from '../manifest/package.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { TAB_PAGES } from '../tab/shared/routes.js';
import { createTabStatic } from '../tab/static.js';

const { PNG } = pngjs;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE_VARIABLES = Object.keys(LOCAL_DEFAULTS);

const TENANT_ENV = {
  TEAMS_APP_ID: '0b7e9f52-1c3d-4a6e-8f20-7d94c1a5b3e8',
  MICROSOFT_APP_ID: '3c5a1e7f-9b2d-4f80-a6c4-e1d7b9f3a025',
  AAD_CLIENT_ID: '9e4f2a6b-7c1d-4e3f-b5a8-0d2c6e9f1b47',
  PUBLIC_URL: 'https://samverkan.example.org',
};

// The tests walk and mutate the manifest as loose JSON; its shape is what the schema checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifestOf = (files: PackageFiles) => files.json['manifest.json'] as Record<string, any>;

/** The test runner's environment without the packaging variables: a fresh clone's. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of PACKAGE_VARIABLES) delete env[name];
  return env;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-manifest-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function runPackageScript(env: NodeJS.ProcessEnv, outDir: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'manifest/package.ts', '--out', outDir], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Every http(s) URL anywhere in the package's JSON files, with the file and path it sits at. */
function urlsIn(files: PackageFiles): { where: string; url: string }[] {
  const found: { where: string; url: string }[] = [];
  const walk = (value: unknown, where: string) => {
    if (typeof value === 'string' && /^https?:\/\//i.test(value)) found.push({ where, url: value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}/${i}`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '$schema') walk(v, `${where}/${k}`);
  };
  for (const [file, json] of Object.entries(files.json)) walk(json, file);
  return found;
}

/** URLs of the package that are not on PUBLIC_URL or that the server does not answer with 200. */
async function unservedUrls(files: PackageFiles, publicUrl: string, server: string): Promise<string[]> {
  const problems: string[] = [];
  for (const { where, url } of urlsIn(files)) {
    const u = new URL(url);
    if (u.origin !== publicUrl) {
      problems.push(`${where}: ${url} is not on ${publicUrl}`);
      continue;
    }
    if (/[{}]/.test(decodeURI(u.pathname + u.search))) problems.push(`${where}: ${url} has a placeholder the check cannot resolve`);
    const res = await fetch(`${server}${u.pathname}${u.search}`);
    await res.arrayBuffer();
    if (res.status !== 200) problems.push(`${where}: ${url} answers ${res.status}`);
  }
  return problems;
}

describe('npm run package on a fresh clone', () => {
  let files: PackageFiles;
  let names: string[];
  let run: Awaited<ReturnType<typeof runPackageScript>>;

  beforeAll(async () => {
    const out = tempDir();
    run = await runPackageScript(cleanEnv(), out);
    const zipFile = path.join(out, PACKAGE_FILE_NAME);
    expect(run.code, run.stderr).toBe(0);
    files = await unzipPackage(readFileSync(zipFile));
    names = [...Object.keys(files.json), ...Object.keys(files.binary)].sort();
  });

  it('writes a zip of the manifest, its English texts and the two icons, and says where and what was defaulted', () => {
    expect(names).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    expect(run.stdout).toContain(PACKAGE_FILE_NAME);
    expect(run.stderr).toContain('local defaults used for TEAMS_APP_ID, MICROSOFT_APP_ID, AAD_CLIENT_ID, PUBLIC_URL');
  });

  it('passes the schema, localisation, icon and file checks', async () => {
    expect(await validatePackageFiles(files)).toEqual([]);
  });

  it('uses the newest manifest schema the installed @microsoft/app-manifest bundles', () => {
    expect(bundledSchemaVersions().at(-1)).toBe(MANIFEST_VERSION);
    expect(manifestOf(files).manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifestOf(files).$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
  });

  it('is the same zip for the same input', async () => {
    const again = await runPackageScript(cleanEnv(), tempDir());
    expect(again.code).toBe(0);
    const first = readFileSync(run.stdout.match(/written: (.+\.zip)/)![1]!);
    const second = readFileSync(again.stdout.match(/written: (.+\.zip)/)![1]!);
    expect(second.equals(first)).toBe(true);
  });
});

describe('validation is offline and finds what is wrong', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('never reaches for the network', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('network used')));
    vi.stubGlobal('fetch', fetchSpy);
    const files = buildPackageFiles(readPackageSettings(TENANT_ENV).settings);
    expect(await validatePackageFiles(files)).toEqual([]);
    manifestOf(files).bots[0].botId = 'not-a-guid';
    expect((await validatePackageFiles(files)).length).toBeGreaterThan(0);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('names the file and JSON path of each schema problem', async () => {
    const files = buildPackageFiles(readPackageSettings(TENANT_ENV).settings);
    delete manifestOf(files).developer.privacyUrl;
    manifestOf(files).configurableTabs[0].context.push('meetingLobby');
    (files.json['en.json'] as Record<string, string>)['name.short'] = 'An English name far longer than thirty characters';
    const problems = await validatePackageFiles(files);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^manifest\.json\/developer .*privacyUrl/),
        expect.stringMatching(/^manifest\.json\/configurableTabs\/0\/context\/\d+ must be equal to one of the allowed values/),
        expect.stringMatching(/^en\.json\/name\.short must NOT have more than 30 characters/),
      ]),
    );
  });

  it('refuses a localisation key that names no text of the manifest, and a missing file', async () => {
    const files = buildPackageFiles(readPackageSettings(TENANT_ENV).settings);
    (files.json['en.json'] as Record<string, string>)['bots[0].commandLists[0].commands[9].title'] = 'vote';
    delete files.binary['outline.png'];
    expect(await validatePackageFiles(files)).toEqual([
      'en.json/bots[0].commandLists[0].commands[9].title: names no text in manifest.json',
      'outline.png: named in manifest.json/icons/outline but missing from the package',
    ]);
  });

  it('refuses invalid environment values by name, and the script then writes nothing', async () => {
    expect(() => readPackageSettings({ ...TENANT_ENV, MICROSOFT_APP_ID: 'bot', PUBLIC_URL: 'http://samverkan.example.org' })).toThrow(PackageError);
    const refused = (() => {
      try {
        readPackageSettings({ ...TENANT_ENV, MICROSOFT_APP_ID: 'bot', PUBLIC_URL: 'https://samverkan.example.org/app' });
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(PackageError);
    expect((refused as PackageError).problems).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_ID: must be a GUID/),
      expect.stringMatching(/^PUBLIC_URL: must be the server's origin only/),
    ]);
    const out = tempDir();
    const run = await runPackageScript({ ...cleanEnv(), AAD_CLIENT_ID: 'sso-app' }, out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AAD_CLIENT_ID: must be a GUID');
    expect(existsSync(path.join(out, PACKAGE_FILE_NAME))).toBe(false);
  });
});

describe('a package for a tenant', () => {
  let files: PackageFiles;
  beforeAll(async () => {
    ({ files } = await buildPackage(readPackageSettings(TENANT_ENV).settings));
  });

  it('carries the app id, the bot id and the SSO registration for the domain', () => {
    const m = manifestOf(files);
    expect(m.id).toBe(TENANT_ENV.TEAMS_APP_ID);
    expect(m.bots[0].botId).toBe(TENANT_ENV.MICROSOFT_APP_ID);
    expect(m.webApplicationInfo).toEqual({ id: TENANT_ENV.AAD_CLIENT_ID, resource: `api://samverkan.example.org/${TENANT_ENV.AAD_CLIENT_ID}` });
    expect(m.validDomains).toEqual(['samverkan.example.org']);
    expect(m.accentColor).toBe(ACCENT_COLOR);
  });

  it('puts the bot in team, group chat and personal scope and the tab in channels and meetings', () => {
    const m = manifestOf(files);
    expect(m.bots[0].scopes).toEqual(expect.arrayContaining(['team', 'groupChat', 'personal']));
    const [tab] = m.configurableTabs;
    expect(tab.configurationUrl).toBe(`${TENANT_ENV.PUBLIC_URL}${TAB_PAGES.config}`);
    expect(tab.scopes).toEqual(expect.arrayContaining(['team', 'groupChat']));
    expect(tab.context).toEqual(expect.arrayContaining(['channelTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage']));
    expect(tab.meetingSurfaces).toEqual(expect.arrayContaining(['sidePanel', 'stage']));
  });

  it('asks for the resource-specific permissions of meeting details, participant events and chat members', () => {
    const rsc = manifestOf(files).authorization.permissions.resourceSpecific as { name: string; type: string }[];
    for (const name of ['OnlineMeeting.ReadBasic.Chat', 'ChannelMeeting.ReadBasic.Group', 'OnlineMeetingParticipant.Read.Chat', 'ChatMember.Read.Chat']) {
      expect(rsc).toContainEqual({ name, type: 'Application' });
    }
  });

  it('is Swedish by default, with English texts for every Swedish one', () => {
    const m = manifestOf(files);
    expect(m.localizationInfo.defaultLanguageTag).toBe('sv-SE');
    expect(m.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'en', file: 'en.json' }]);
    const en = files.json['en.json'] as Record<string, string>;
    expect(en['description.full']).not.toBe(m.description.full);
    const commandCount = (m.bots[0].commandLists as { commands: unknown[] }[]).reduce((n, l) => n + l.commands.length, 0);
    expect(Object.keys(en).filter((k) => /\.commands\[\d+\]\.title$/.test(k))).toHaveLength(commandCount);
    expect(Object.keys(en).filter((k) => /^staticTabs\[\d+\]\.name$/.test(k))).toHaveLength(m.staticTabs.length);
  });

  it("lists bot commands the bot understands, in Swedish and English, covering every meeting command", () => {
    const m = manifestOf(files);
    const en = files.json['en.json'] as Record<string, string>;
    const lists = m.bots[0].commandLists as { scopes: string[]; commands: { title: string }[] }[];
    lists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const sv = parseCommand(command.title);
        expect(sv, command.title).not.toBeNull();
        expect(parseCommand(en[`bots[0].commandLists[${l}].commands[${c}].title`])?.name).toBe(sv!.name);
      }),
    );
    const inMeetings = lists.find((l) => l.scopes.includes('groupChat'))!.commands.map((c) => parseCommand(c.title)!.name);
    const all: CommandName[] = ['rollcall', 'agenda', 'next', 'decide', 'minutes', 'help'];
    expect(new Set(inMeetings)).toEqual(new Set(all));
  });
});

describe('the icons', () => {
  const committed = (file: string) => readFileSync(path.join(ICON_DIR, file));
  const pixels = (png: Buffer) => PNG.sync.read(png).data;

  it('are the ones manifest/icons/draw.ts draws', () => {
    expect(pixels(committed(COLOR_ICON.file)).equals(pixels(drawColorIcon()))).toBe(true);
    expect(pixels(committed(OUTLINE_ICON.file)).equals(pixels(drawOutlineIcon()))).toBe(true);
  });

  it('are 192×192 in colour and 32×32 white on transparent', () => {
    const color = PNG.sync.read(committed(COLOR_ICON.file));
    const outline = PNG.sync.read(committed(OUTLINE_ICON.file));
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
    expect(iconProblems('color.png', committed(COLOR_ICON.file), 'color')).toEqual([]);
    expect(iconProblems('outline.png', committed(OUTLINE_ICON.file), 'outline')).toEqual([]);
    const alphas = new Set<number>();
    for (let i = 3; i < outline.data.length; i += 4) alphas.add(outline.data[i]!);
    expect(alphas.has(0) && alphas.has(255)).toBe(true);
  });

  it('a wrong size, a coloured or an opaque outline icon is refused', () => {
    expect(iconProblems('outline.png', drawColorIcon(), 'outline')).toEqual([
      'outline.png: the outline icon must be 32×32 pixels, is 192×192',
      expect.stringMatching(/must be white on transparent; \d+ visible pixels are not white/),
      'outline.png: the outline icon must have a transparent background',
    ]);
    const tinted = PNG.sync.read(drawOutlineIcon());
    const opaque = tinted.data.findIndex((v, i) => i % 4 === 3 && v === 255);
    tinted.data[opaque - 2] = 0; // the green of the first opaque pixel
    expect(iconProblems('outline.png', PNG.sync.write(tinted), 'outline')).toEqual([
      'outline.png: the outline icon must be white on transparent; 1 visible pixels are not white',
    ]);
    expect(iconProblems('color.png', drawOutlineIcon(), 'color')).toEqual(['color.png: the color icon must be 192×192 pixels, is 32×32']);
  });
});

describe('every URL of the manifest is a page the server serves', () => {
  let server: Server;
  let base: string;
  let store: Store;
  let files: PackageFiles;
  const INDEX = '<!doctype html><title>Samverkan</title><div id="root" data-test="tab-index"></div>';

  beforeAll(async () => {
    const dir = tempDir();
    const dist = path.join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), DEMO: 'off', LOG_LEVEL: 'silent' }, dir);
    store = await openStore({ kind: 'sqlite', dataDir: config.dataDir });
    const app = createApp({ config, store, logger: pino({ level: 'silent' }), tabStatic: createTabStatic(dist) });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ files } = await buildPackage(readPackageSettings(TENANT_ENV).settings));
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
  });

  it('has the tab pages it needs: configuration, content, privacy and terms', () => {
    const paths = urlsIn(files).map(({ url }) => new URL(url).pathname);
    expect(paths).toEqual(expect.arrayContaining([TAB_PAGES.config, TAB_PAGES.cases, TAB_PAGES.privacy, TAB_PAGES.terms]));
    expect(urlsIn(files).map((u) => u.where)).toEqual(
      expect.arrayContaining([
        'manifest.json/configurableTabs/0/configurationUrl',
        'manifest.json/staticTabs/0/contentUrl',
        'manifest.json/developer/websiteUrl',
        'manifest.json/developer/privacyUrl',
        'manifest.json/developer/termsOfUseUrl',
      ]),
    );
  });

  it('answers every URL with 200 and the tab', async () => {
    expect(await unservedUrls(files, TENANT_ENV.PUBLIC_URL, base)).toEqual([]);
    const res = await fetch(`${base}${TAB_PAGES.config}`);
    expect(await res.text()).toBe(INDEX);
  });

  it('a misspelt page, or a URL on another host, is caught', async () => {
    const res = await fetch(`${base}/tab/konfig`);
    await res.arrayBuffer();
    expect(res.status).toBe(404);
    const broken = structuredClone(files);
    manifestOf(broken).configurableTabs[0].configurationUrl = `${TENANT_ENV.PUBLIC_URL}/tab/konfig`;
    manifestOf(broken).developer.privacyUrl = 'https://elsewhere.example.org/tab/privacy';
    expect(await unservedUrls(broken, TENANT_ENV.PUBLIC_URL, base)).toEqual([
      `manifest.json/developer/privacyUrl: https://elsewhere.example.org/tab/privacy is not on ${TENANT_ENV.PUBLIC_URL}`,
      `manifest.json/configurableTabs/0/configurationUrl: ${TENANT_ENV.PUBLIC_URL}/tab/konfig answers 404`,
    ]);
  });
});
