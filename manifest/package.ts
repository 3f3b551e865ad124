/**
 * `npm run package`: builds the Teams app package (manifest.json, its localisation files and the
 * two icons, zipped) from manifest.template.json and a few environment values, validates it
 * offline against the schema bundled in @microsoft/app-manifest, and writes it to
 * manifest/build/. Nothing is written when the package is invalid: the problems are listed with
 * the variable, file and JSON path they concern.
 *
 *   TEAMS_APP_ID      the Teams app's own id (a GUID, stable across versions of the app)
 *   MICROSOFT_APP_ID  the bot's id: in Azure the client id of the bot's managed identity
 *   AAD_CLIENT_ID     the tab's Entra app registration (Teams SSO)
 *   PUBLIC_URL        where the server is reached, e.g. https://samverkan.example.org
 *
 * The last three are the names the server itself reads, so one set of values serves both.
 * Unset values fall back to local defaults, which give a valid package for trying things out
 * but not one a tenant can use; the script says which were defaulted.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import pngjs from 'pngjs';
import { z } from 'zod';
import { ACCENT_COLOR, COLOR_ICON, ICON_DIR, OUTLINE_ICON } from './icons/draw.js';

const { PNG } = pngjs;

/** The newest Teams manifest schema that @microsoft/app-manifest bundles (the test keeps it so). */
export const MANIFEST_VERSION = '1.30';

export const MANIFEST_DIR = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_FILE = path.join(MANIFEST_DIR, 'manifest.template.json');
export const DEFAULT_OUT_DIR = path.join(MANIFEST_DIR, 'build');
export const PACKAGE_FILE_NAME = 'samverkan-i-teams.zip';

/** Local stand-ins: a package built from them validates but cannot be used in a tenant. */
export const LOCAL_DEFAULTS = {
  TEAMS_APP_ID: '6f1c2a9e-3b7d-4e58-9a0c-5d2e8b4f7a13',
  MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000000',
  AAD_CLIENT_ID: '00000000-0000-0000-0000-000000000000',
  PUBLIC_URL: 'http://localhost:3978',
} as const;

export type PackageVariable = keyof typeof LOCAL_DEFAULTS;

export interface PackageSettings {
  teamsAppId: string;
  botId: string;
  aadClientId: string;
  /** The origin only (scheme, host, port), without a trailing slash. */
  publicUrl: string;
  /** Host and port of `publicUrl`: validDomains and the SSO resource. */
  domain: string;
  /** The app's version, from package.json. */
  version: string;
}

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const guid = z.preprocess(blankToUndefined, z.string().trim().regex(GUID, 'must be a GUID such as 6f1c2a9e-3b7d-4e58-9a0c-5d2e8b4f7a13').optional());

const envSchema = z.object({
  TEAMS_APP_ID: guid,
  MICROSOFT_APP_ID: guid,
  AAD_CLIENT_ID: guid,
  PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL, e.g. https://samverkan.example.org' })
      .refine((s) => {
        const u = new URL(s);
        return (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username && !u.password;
      }, 'must be the server\'s origin only (no path, query or fragment): the tab is served at /tab on it')
      .refine((s) => new URL(s).protocol === 'https:' || LOCAL_HOSTS.has(new URL(s).hostname), 'must use https (Teams loads tabs only over https), except for localhost')
      .optional(),
  ),
});

function packageVersion(): string {
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(path.join(MANIFEST_DIR, '..', 'package.json'), 'utf8')));
  return pkg.version;
}

/** Reads the four variables; throws `PackageError` naming each invalid one. */
export function readPackageSettings(env: NodeJS.ProcessEnv = process.env): { settings: PackageSettings; defaulted: PackageVariable[] } {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new PackageError(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`));
  }
  const defaulted = (Object.keys(LOCAL_DEFAULTS) as PackageVariable[]).filter((name) => parsed.data[name] === undefined);
  const value = (name: PackageVariable) => parsed.data[name] ?? LOCAL_DEFAULTS[name];
  const url = new URL(value('PUBLIC_URL'));
  return {
    settings: {
      teamsAppId: value('TEAMS_APP_ID').toLowerCase(),
      botId: value('MICROSOFT_APP_ID').toLowerCase(),
      aadClientId: value('AAD_CLIENT_ID').toLowerCase(),
      publicUrl: url.origin,
      domain: url.host,
      version: packageVersion(),
    },
    defaulted,
  };
}

/** Replaces `{{NAME}}` in every string of a JSON value; an unknown name is a problem, not a blank. */
function fill(value: unknown, values: Record<string, string>, file: string, problems: string[], where = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
      if (name in values) return values[name]!;
      problems.push(`${file}${where || '/'}: unknown placeholder ${whole}`);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => fill(v, values, file, problems, `${where}/${i}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values, file, problems, `${where}/${k}`)]));
  }
  return value;
}

export interface PackageFiles {
  /** File name in the zip → content; manifest.json is the manifest. */
  json: Record<string, unknown>;
  binary: Record<string, Buffer>;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The manifest, its localisation files and icons, filled in from the settings (not yet validated). */
export function buildPackageFiles(settings: PackageSettings): PackageFiles {
  const values: Record<string, string> = {
    MANIFEST_VERSION,
    VERSION: settings.version,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    AAD_CLIENT_ID: settings.aadClientId,
    PUBLIC_URL: settings.publicUrl,
    DOMAIN: settings.domain,
    ACCENT_COLOR,
  };
  const problems: string[] = [];
  const manifest = fill(readJson(TEMPLATE_FILE), values, 'manifest.template.json', problems);
  const json: Record<string, unknown> = { 'manifest.json': manifest };
  for (const file of localizationFiles(manifest)) json[file] = fill(readJson(path.join(MANIFEST_DIR, file)), values, file, problems);
  if (problems.length) throw new PackageError(problems);
  const binary = Object.fromEntries(iconFiles(manifest).map((file) => [file, readFileSync(path.join(ICON_DIR, file))]));
  return { json, binary };
}

const ManifestFileRefs = z.object({
  icons: z.object({ color: z.string(), outline: z.string() }),
  localizationInfo: z.object({ additionalLanguages: z.array(z.object({ file: z.string() })).optional() }).optional(),
});

function localizationFiles(manifest: unknown): string[] {
  const refs = ManifestFileRefs.safeParse(manifest);
  return refs.success ? (refs.data.localizationInfo?.additionalLanguages ?? []).map((l) => l.file) : [];
}

function iconFiles(manifest: unknown): string[] {
  const refs = ManifestFileRefs.safeParse(manifest);
  return refs.success ? [refs.data.icons.color, refs.data.icons.outline] : [];
}

// -- validation ------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const SCHEMA_ROOT = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

/** The released Teams schema versions bundled in the package, oldest first ("1.9" before "1.10"). */
export function bundledSchemaVersions(): string[] {
  return readdirSync(SCHEMA_ROOT)
    .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`);
}

/**
 * Reads a bundled schema from disk. Handing it to the validator is what keeps validation offline:
 * given no schema, @microsoft/app-manifest falls back to downloading the manifest's `$schema`.
 */
export function bundledSchema(file: 'MicrosoftTeams.schema.json' | 'MicrosoftTeams.Localization.schema.json', version = MANIFEST_VERSION): object {
  const raw = readFileSync(path.join(SCHEMA_ROOT, `v${version}`, file), 'utf8');
  // The same clean-up the library applies: its schemas hold \a and \v escapes JSON does not allow.
  const schema: unknown = JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
  return z.looseObject({}).parse(escapeLoneBrackets(schema));
}

/**
 * The localisation schema has patterns like `\[\b(...)\b]\.description`, whose lone `]` is an
 * error in the Unicode regular expressions the validator compiles: escape it (same meaning).
 */
function escapeLoneBrackets(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(escapeLoneBrackets);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === 'patternProperties' && value && typeof value === 'object') {
        return [key, Object.fromEntries(Object.entries(value).map(([p, v]) => [p.replaceAll('\\b]', '\\b\\]'), escapeLoneBrackets(v)]))];
      }
      return [key, escapeLoneBrackets(value)];
    }),
  );
}

type Validate = (manifest: unknown, schema: unknown) => Promise<string[]>;
const validateAgainstSchema = AppManifestUtils.validateAgainstSchema.bind(AppManifestUtils) as unknown as Validate;

/** Problems with an icon: its size, and for the outline icon anything but white on transparent. */
export function iconProblems(file: string, png: Buffer, kind: 'color' | 'outline'): string[] {
  const expected = kind === 'color' ? COLOR_ICON.size : OUTLINE_ICON.size;
  let image: InstanceType<typeof PNG>;
  try {
    image = PNG.sync.read(png);
  } catch (err) {
    return [`${file}: not a PNG (${err instanceof Error ? err.message : String(err)})`];
  }
  const problems: string[] = [];
  if (image.width !== expected || image.height !== expected) {
    problems.push(`${file}: the ${kind} icon must be ${expected}×${expected} pixels, is ${image.width}×${image.height}`);
  }
  let visible = 0;
  let offWhite = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, a] = [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
    if (a === 0) continue;
    visible++;
    if (r !== 255 || g !== 255 || b !== 255) offWhite++;
  }
  if (visible === 0) problems.push(`${file}: the ${kind} icon is fully transparent`);
  if (kind === 'outline' && offWhite > 0) problems.push(`${file}: the outline icon must be white on transparent; ${offWhite} visible pixels are not white`);
  if (kind === 'outline' && visible === image.width * image.height) problems.push(`${file}: the outline icon must have a transparent background`);
  return problems;
}

/** Every problem with the package: schema (with file and JSON path), missing files, icons. */
export async function validatePackageFiles(files: PackageFiles): Promise<string[]> {
  const problems: string[] = [];
  const manifest = files.json['manifest.json'];
  if (manifest === undefined) return ['manifest.json: missing from the package'];
  const version = z.object({ manifestVersion: z.string() }).safeParse(manifest);
  if (!version.success || !bundledSchemaVersions().includes(version.data.manifestVersion)) {
    return [`manifest.json/manifestVersion: ${JSON.stringify(version.data?.manifestVersion)} is not a schema version bundled in @microsoft/app-manifest`];
  }
  const v = version.data.manifestVersion;
  for (const e of await validateAgainstSchema(manifest, bundledSchema('MicrosoftTeams.schema.json', v))) problems.push(`manifest.json${e.startsWith('/') ? '' : '/'}${e}`);
  for (const file of localizationFiles(manifest)) {
    const localization = files.json[file];
    if (localization === undefined) {
      problems.push(`${file}: named in manifest.json/localizationInfo but missing from the package`);
      continue;
    }
    for (const e of await validateAgainstSchema(localization, bundledSchema('MicrosoftTeams.Localization.schema.json', v))) problems.push(`${file}${e.startsWith('/') ? '' : '/'}${e}`);
  }
  for (const file of localizationFiles(manifest)) problems.push(...danglingLocalizationKeys(file, files.json[file], manifest));
  const refs = ManifestFileRefs.safeParse(manifest);
  if (refs.success) {
    for (const [kind, file] of [['color', refs.data.icons.color], ['outline', refs.data.icons.outline]] as const) {
      const png = files.binary[file];
      if (!png) problems.push(`${file}: named in manifest.json/icons/${kind} but missing from the package`);
      else problems.push(...iconProblems(file, png, kind));
    }
  }
  return problems;
}

/**
 * A localisation key such as `bots[0].commandLists[1].commands[0].title` must name a text of the
 * manifest; the schema checks only the key's shape, so a key left behind by an edit would pass.
 */
function danglingLocalizationKeys(file: string, localization: unknown, manifest: unknown): string[] {
  if (!localization || typeof localization !== 'object') return [];
  const problems: string[] = [];
  for (const key of Object.keys(localization)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    let node: unknown = manifest;
    for (const step of key.split(/\.|(?=\[)/)) {
      const index = /^\[(\d+)\]$/.exec(step);
      node = index ? (Array.isArray(node) ? node[Number(index[1])] : undefined) : node && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
    }
    if (typeof node !== 'string') problems.push(`${file}/${key}: names no text in manifest.json`);
  }
  return problems;
}

// Fixed timestamps, so that the same input gives the same zip.
const ZIP_DATE = new Date('2020-01-01T00:00:00Z');

export async function zipPackage(files: PackageFiles): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, value] of Object.entries(files.json)) zip.file(name, `${JSON.stringify(value, null, 2)}\n`, { date: ZIP_DATE });
  for (const [name, value] of Object.entries(files.binary)) zip.file(name, value, { date: ZIP_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

/** Reads a package back: the JSON files parsed, the rest as bytes. */
export async function unzipPackage(zipped: Buffer): Promise<PackageFiles> {
  const zip = await JSZip.loadAsync(zipped);
  const files: PackageFiles = { json: {}, binary: {} };
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    if (entry.name.endsWith('.json')) files.json[entry.name] = JSON.parse(await entry.async('string'));
    else files.binary[entry.name] = await entry.async('nodebuffer');
  }
  return files;
}

/** Builds, validates and zips; throws `PackageError` with every problem instead of a bad zip. */
export async function buildPackage(settings: PackageSettings): Promise<{ files: PackageFiles; zip: Buffer }> {
  const files = buildPackageFiles(settings);
  const problems = await validatePackageFiles(files);
  if (problems.length) throw new PackageError(problems);
  return { files, zip: await zipPackage(files) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? DEFAULT_OUT_DIR);
  const { settings, defaulted } = readPackageSettings();
  const { zip } = await buildPackage(settings);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, PACKAGE_FILE_NAME);
  writeFileSync(file, zip);
  process.stdout.write(
    `Teams app package written: ${file}\n` +
      `  manifest ${MANIFEST_VERSION}, app ${settings.teamsAppId} version ${settings.version}, bot ${settings.botId}, ` +
      `SSO client ${settings.aadClientId}, ${settings.publicUrl}\n`,
  );
  if (defaulted.length) {
    process.stderr.write(
      `Note: local defaults used for ${defaulted.join(', ')}. This package is for trying things out; ` +
        'set these variables for a package a tenant can use (docs/deploy.md).\n',
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof PackageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
