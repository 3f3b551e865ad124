/**
 * Checks the ARM template (infra/azuredeploy.json) against what the server needs. No Bicep or ARM
 * tooling runs here, so the template is plain ARM JSON and this file is its proof: the resources
 * and their settings, the parameters, and, above all, that every environment variable the server
 * reads is either set as an app setting or listed below with the reason Azure does without it.
 *
 * The names the server reads are taken from its source (server/config.ts and the Graph store's
 * configuration), not from a list kept here, so a setting the server starts reading makes the
 * check fail until the template sets it or this file says why it need not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATE_FILE = path.join(REPO_ROOT, 'infra', 'azuredeploy.json');
export const PARAMETERS_EXAMPLE_FILE = path.join(REPO_ROOT, 'infra', 'azuredeploy.parameters.example.json');

/**
 * Where the server reads its environment: files, or folders whose configuration files
 * (`config.ts`, `settings.ts`, `env.ts`, or names ending so) are read.
 */
export const SETTING_SOURCES = ['server/config.ts', 'core/store/graph'];
const CONFIG_FILE = /(config|settings|env)\.ts$/i;

/**
 * The one place that says which settings the server reads but Azure does not set, and why.
 * Everything else the server reads must be an app setting of the web app.
 */
export const NOT_SET_IN_AZURE: Readonly<Record<string, string>> = {
  PORT: 'App Service sets PORT itself: the port its front end forwards requests to.',
  DATA_DIR: 'Only the embedded SQLite store uses it; Azure runs STORE=graph, with the data in SharePoint.',
  MICROSOFT_APP_PASSWORD: 'The bot signs in as its user-assigned managed identity (MICROSOFT_APP_TYPE=UserAssignedMSI), which has no secret.',
  MICROSOFT_APP_CERT_THUMBPRINT: 'A certificate is the alternative to the bot\'s secret; the managed identity needs neither.',
  MICROSOFT_APP_CERT_KEY_FILE: 'A certificate is the alternative to the bot\'s secret; the managed identity needs neither.',
  GRAPH_CLIENT_SECRET: 'The Graph store signs in with the managed identity as a federated credential (GRAPH_MANAGED_IDENTITY_CLIENT_ID): no secret is kept.',
  GRAPH_CERT_THUMBPRINT: 'The federated managed identity replaces the Graph store\'s certificate.',
  GRAPH_CERT_KEY_FILE: 'The federated managed identity replaces the Graph store\'s certificate.',
  GRAPH_BASE_URL: 'Defaults to the public Microsoft Graph endpoint; only tests (a fake Graph) or a national cloud set it.',
  GRAPH_TOKEN_URL: 'Defaults to the tenant\'s Microsoft Entra token endpoint; only tests (a fake one) or a national cloud set it.',
};

/** App setting values the deployment depends on: the Graph store, no demo data, the bot's MSI. */
export const REQUIRED_VALUES: Readonly<Record<string, string>> = {
  STORE: 'graph',
  DEMO: 'off',
  MICROSOFT_APP_TYPE: 'UserAssignedMSI',
};

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Text of the object literal that opens at `open` (a `{`), up to its matching `}`. */
function balancedBlock(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Keys at the top level of an object literal's text (nested objects, calls and strings skipped). */
function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let atEntryStart = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('{([' .includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) atEntryStart = true;
    else if (depth === 0 && atEntryStart && /[A-Za-z_'"]/.test(c)) {
      const m = /^['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*:/.exec(body.slice(i));
      if (m) keys.push(m[1]!);
      atEntryStart = false;
    }
  }
  return keys;
}

/**
 * Environment variable names a configuration file reads: the upper-case keys of its zod object
 * schemas (`z.object({ PORT: … })`), direct reads (`env.NAME`, `env['NAME']`, `process.env.NAME`)
 * and upper-case snake-case string literals (`['GRAPH_SITE', …]` read in a loop).
 */
export function envNamesInSource(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\bz\s*\.\s*(?:object|strictObject|looseObject)\s*\(\s*\{/g)) {
    for (const key of topLevelKeys(balancedBlock(text, m.index + m[0].length - 1))) if (ENV_NAME.test(key)) names.add(key);
  }
  for (const m of text.matchAll(/\b(?:process\.env|[A-Za-z_]*[eE]nv)\s*(?:\?\.|\.)\s*([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1]!);
  for (const m of text.matchAll(/\b(?:process\.env|[A-Za-z_]*[eE]nv)\s*\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g)) names.add(m[1]!);
  for (const m of text.matchAll(/['"]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"]/g)) names.add(m[1]!);
  return [...names].sort();
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  for (const source of SETTING_SOURCES) {
    const full = path.join(root, source);
    if (!existsSync(full)) continue;
    if (statSync(full).isFile()) files.push(full);
    else {
      for (const entry of readdirSync(full, { recursive: true, encoding: 'utf8' })) {
        if (CONFIG_FILE.test(entry) && !entry.endsWith('.test.ts')) files.push(path.join(full, entry));
      }
    }
  }
  return files.sort();
}

/** Every variable the server reads, with the files it was found in. */
export function serverSettingNames(root = REPO_ROOT): { names: string[]; files: string[] } {
  const files = sourceFiles(root);
  const names = new Set<string>();
  for (const file of files) for (const name of envNamesInSource(readFileSync(file, 'utf8'))) names.add(name);
  return { names: [...names].sort(), files: files.map((f) => path.relative(root, f)) };
}

/**
 * The names the configuration code actually reads when run: each exported `load…`/`read…`
 * function of the setting sources is called with an environment that records every name asked
 * for. A cross-check of the source scan, for reads it cannot see (a computed name, a helper).
 */
export async function runtimeSettingNames(root = REPO_ROOT): Promise<string[]> {
  const asked = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_t, name) => {
      if (typeof name === 'string' && ENV_NAME.test(name)) asked.add(name);
      return undefined;
    },
    has: (_t, name) => {
      if (typeof name === 'string' && ENV_NAME.test(name)) asked.add(name);
      return false;
    },
  });
  for (const file of sourceFiles(root)) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(module)) {
      if (typeof fn !== 'function' || !/^(load|read)[A-Z]/.test(name)) continue;
      try {
        (fn as (env: NodeJS.ProcessEnv, cwd?: string) => unknown)(env, root);
      } catch {
        // An empty environment may well be refused; what it asked for is already recorded.
      }
    }
  }
  return [...asked].sort();
}

// -- the template ----------------------------------------------------------------------------

const Resource = z.looseObject({
  type: z.string(),
  apiVersion: z.string(),
  name: z.string(),
  properties: z.looseObject({}).optional(),
});
type Resource = z.infer<typeof Resource>;

const Parameter = z.looseObject({
  type: z.string(),
  defaultValue: z.unknown().optional(),
  minValue: z.number().optional(),
  maxValue: z.number().optional(),
  allowedValues: z.array(z.unknown()).optional(),
});

export const ArmTemplate = z.looseObject({
  $schema: z.string().regex(/deploymentTemplate\.json#$/),
  contentVersion: z.string(),
  parameters: z.record(z.string(), Parameter),
  variables: z.record(z.string(), z.unknown()).default({}),
  resources: z.array(Resource),
  outputs: z.record(z.string(), z.unknown()).default({}),
});
export type ArmTemplate = z.infer<typeof ArmTemplate>;

const AppSetting = z.object({ name: z.string(), value: z.string() });

export function readTemplate(file = TEMPLATE_FILE): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function resourcesOf(t: ArmTemplate, type: string): Resource[] {
  return t.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

/** The web app's settings: `siteConfig.appSettings` and any `sites/config` 'appsettings' resource. */
export function appSettingsOf(t: ArmTemplate): Map<string, string> {
  const settings = new Map<string, string>();
  for (const site of resourcesOf(t, 'Microsoft.Web/sites')) {
    const list = z.array(AppSetting).safeParse((site.properties?.siteConfig as { appSettings?: unknown } | undefined)?.appSettings ?? []);
    if (list.success) for (const s of list.data) settings.set(s.name, s.value);
  }
  for (const config of resourcesOf(t, 'Microsoft.Web/sites/config')) {
    if (!/appsettings['")\]]*$/i.test(config.name)) continue;
    for (const [name, value] of Object.entries(config.properties ?? {})) if (typeof value === 'string') settings.set(name, value);
  }
  return settings;
}

/** An expression with each `variables('x')` replaced by x's own expression (a few levels deep). */
function expandVariables(t: ArmTemplate, expression: string): string {
  let text = expression;
  for (let depth = 0; depth < 5; depth++) text = text.replace(/variables\('([^']+)'\)/g, (whole, name: string) => (typeof t.variables[name] === 'string' ? `(${String(t.variables[name]).replace(/^\[|\]$/g, '')})` : whole));
  return text;
}

const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
/** An ARM expression that reads the client id of the user-assigned identity. */
const IDENTITY_CLIENT_ID = /reference\([^)]*(userAssignedIdentities|variables\('identityId'\))[^)]*\)\.clientId/;

/** Every problem of the template; empty when it deploys what the server needs. */
export function checkArmTemplate(raw: unknown, serverNames: readonly string[]): string[] {
  const parsed = ArmTemplate.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `template/${i.path.join('/')}: ${i.message}`);
  const t = parsed.data;
  const problems: string[] = [];
  const one = (type: string): Resource | undefined => {
    const found = resourcesOf(t, type);
    if (found.length !== 1) problems.push(`resources: expected one ${type}, found ${found.length}`);
    return found[0];
  };

  // Settings: every name the server reads is set, or excused in NOT_SET_IN_AZURE.
  const settings = appSettingsOf(t);
  for (const name of serverNames) {
    if (!settings.has(name) && !(name in NOT_SET_IN_AZURE)) {
      problems.push(`app setting ${name}: the server reads it but the web app does not set it (set it in siteConfig.appSettings, or say in infra/check.ts NOT_SET_IN_AZURE why Azure does without it)`);
    }
  }
  for (const name of Object.keys(NOT_SET_IN_AZURE)) {
    if (settings.has(name)) problems.push(`app setting ${name}: set, but NOT_SET_IN_AZURE says Azure does without it`);
  }
  for (const [name, value] of Object.entries(REQUIRED_VALUES)) {
    if (settings.has(name) && settings.get(name) !== value) problems.push(`app setting ${name}: must be ${JSON.stringify(value)}, is ${JSON.stringify(settings.get(name))}`);
  }
  for (const name of ['MICROSOFT_APP_ID', 'GRAPH_MANAGED_IDENTITY_CLIENT_ID']) {
    if (settings.has(name) && !IDENTITY_CLIENT_ID.test(settings.get(name)!)) problems.push(`app setting ${name}: must be the managed identity's client id`);
  }

  // Resources.
  one('Microsoft.ManagedIdentity/userAssignedIdentities');
  const plan = one('Microsoft.Web/serverfarms');
  const site = one('Microsoft.Web/sites');
  const bot = one('Microsoft.BotService/botServices');
  const channels = resourcesOf(t, 'Microsoft.BotService/botServices/channels');
  if (!channels.some((c) => c.properties?.channelName === 'MsTeamsChannel')) problems.push('resources: the bot has no MsTeamsChannel channel');

  if (plan) {
    if ((plan as { kind?: string }).kind !== 'linux' || plan.properties?.reserved !== true) problems.push('serverfarms: must be a Linux plan (kind linux, reserved true)');
    const capacity = str((plan as { sku?: { capacity?: unknown } }).sku?.capacity);
    const param = /^\[parameters\('([^']+)'\)\]$/.exec(capacity)?.[1];
    const p = param ? t.parameters[param] : undefined;
    if (!p) problems.push('serverfarms: sku.capacity must come from a parameter (the instance count)');
    else if (!(Number(p.defaultValue) >= 2 && (p.maxValue ?? Infinity) >= 2 && (p.minValue ?? 1) >= 1)) {
      problems.push(`parameters/${param}: must allow two or more instances (default 2 or more, maxValue 2 or more)`);
    }
    const skus = t.parameters[/^\[parameters\('([^']+)'\)\]$/.exec(str((plan as { sku?: { name?: unknown } }).sku?.name))?.[1] ?? '']?.allowedValues;
    if (!skus || skus.some((s) => /^(F1|D1|Free|Shared)$/i.test(String(s)))) problems.push('serverfarms: sku.name must be a parameter limited to plans that scale out (no Free or Shared)');
  }

  if (site) {
    const config = z.looseObject({}).safeParse(site.properties?.siteConfig).data ?? {};
    if (config.linuxFxVersion !== 'NODE|20-lts') problems.push(`sites: siteConfig.linuxFxVersion must be "NODE|20-lts", is ${str(config.linuxFxVersion)}`);
    if (config.healthCheckPath !== '/healthz') problems.push(`sites: siteConfig.healthCheckPath must be "/healthz", is ${str(config.healthCheckPath)}`);
    if (config.alwaysOn !== true) problems.push('sites: siteConfig.alwaysOn must be true (the bot must answer at once)');
    if (site.properties?.httpsOnly !== true) problems.push('sites: httpsOnly must be true');
    if (site.properties?.clientAffinityEnabled !== false) problems.push('sites: clientAffinityEnabled must be false (any instance serves any request)');
    const ids = (site as { identity?: { type?: string; userAssignedIdentities?: Record<string, unknown> } }).identity;
    if (!ids?.type?.includes('UserAssigned') || Object.keys(ids.userAssignedIdentities ?? {}).length !== 1) problems.push('sites: must run with the user-assigned managed identity');
    if (settings.has('PUBLIC_URL') && !expandVariables(t, settings.get('PUBLIC_URL')!).includes("'https://'")) problems.push('app setting PUBLIC_URL: must be the https URL of the app');
  }

  if (bot) {
    const p = bot.properties ?? {};
    if (p.msaAppType !== 'UserAssignedMSI') problems.push(`botServices: msaAppType must be "UserAssignedMSI", is ${str(p.msaAppType)}`);
    if (!IDENTITY_CLIENT_ID.test(str(p.msaAppId))) problems.push("botServices: msaAppId must be the managed identity's client id");
    if (!/variables\('identityId'\)|userAssignedIdentities/.test(str(p.msaAppMSIResourceId))) problems.push('botServices: msaAppMSIResourceId must be the managed identity');
    if (!p.msaAppTenantId) problems.push('botServices: msaAppTenantId is required for a managed identity');
    if (!/\/api\/messages'\)\]$/.test(str(p.endpoint))) problems.push(`botServices: endpoint must be the app's /api/messages, is ${str(p.endpoint)}`);
  }

  // Every parameter and variable an expression names exists.
  const text = JSON.stringify(t);
  for (const m of text.matchAll(/parameters\('([^']+)'\)/g)) if (!(m[1]! in t.parameters)) problems.push(`template: parameters('${m[1]}') is not declared`);
  for (const m of text.matchAll(/variables\('([^']+)'\)/g)) if (!(m[1]! in t.variables)) problems.push(`template: variables('${m[1]}') is not declared`);
  return [...new Set(problems)];
}

const ParametersFile = z.object({
  $schema: z.string().regex(/deploymentParameters\.json#$/),
  contentVersion: z.string(),
  parameters: z.record(z.string(), z.object({ value: z.unknown() })),
});

/** The example parameters file gives every parameter without a default and no unknown ones. */
export function checkParametersFile(rawTemplate: unknown, rawParameters: unknown): string[] {
  const t = ArmTemplate.safeParse(rawTemplate);
  const p = ParametersFile.safeParse(rawParameters);
  if (!t.success || !p.success) return ['parameters file or template: not in the ARM format'];
  const problems: string[] = [];
  for (const [name, param] of Object.entries(t.data.parameters)) {
    if (param.defaultValue === undefined && !(name in p.data.parameters)) problems.push(`parameters file: ${name} has no default and no value`);
  }
  for (const name of Object.keys(p.data.parameters)) if (!(name in t.data.parameters)) problems.push(`parameters file: ${name} is not a parameter of the template`);
  return problems;
}
