/**
 * The Azure deployment (infra/): the ARM template checked for the resources, parameters and app
 * settings the server needs, the names the server reads taken from its source, the checker
 * itself proven on mutated copies, and the Entra script's requests (by its --dry-run).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appSettingsOf,
  checkArmTemplate,
  checkParametersFile,
  envNamesInSource,
  NOT_SET_IN_AZURE,
  PARAMETERS_EXAMPLE_FILE,
  readTemplate,
  REPO_ROOT,
  runtimeSettingNames,
  serverSettingNames,
} from '../infra/check.js';
import type { ArmTemplate } from '../infra/check.js';

const SCRIPT = path.join(REPO_ROOT, 'infra', 'entra-app.sh');
const TEAMS_CLIENTS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

const template = () => readTemplate() as ArmTemplate;
const { names: serverNames, files: sourceFiles } = serverSettingNames();

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

interface SiteView {
  properties: { siteConfig: Record<string, unknown> & { appSettings: { name: string; value: string }[] }; clientAffinityEnabled?: boolean };
}
function siteOf(t: ArmTemplate): SiteView {
  return t.resources.find((r) => r.type === 'Microsoft.Web/sites') as unknown as SiteView;
}

describe('the names the server reads', () => {
  it('come from server/config.ts and the Graph store settings, and include the known ones', () => {
    expect(sourceFiles).toContain('server/config.ts');
    // A floor, not the list: proves the scan finds what config.ts is known to read.
    for (const name of ['PORT', 'DATA_DIR', 'DEMO', 'LOG_LEVEL', 'STORE', 'PUBLIC_URL', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_TYPE', 'MICROSOFT_APP_CERT_THUMBPRINT', 'MICROSOFT_APP_CERT_KEY_FILE', 'AAD_CLIENT_ID', 'AAD_TENANT_ID', 'CARD_UPDATE_INTERVAL_MS']) {
      expect(serverNames).toContain(name);
    }
  });

  it('agree with what the configuration code asks for when it runs', async () => {
    const asked = await runtimeSettingNames();
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.filter((n) => !serverNames.includes(n))).toEqual([]);
  });

  it('are found in zod schemas, direct reads and name lists alike', () => {
    const source = `
      const schema = z.object({ PORT: z.string(), nested: z.object({ inner: z.string() }), 'QUOTED_NAME': optionalText, lower: x });
      const a = process.env.FROM_PROCESS; const b = env['FROM_INDEX']; const c = myEnv?.FROM_OPTIONAL;
      const LIST = ['LISTED_NAME', 'OTHER_LISTED'] as const; const notAName = 'GET';
    `;
    expect(envNamesInSource(source)).toEqual(['FROM_INDEX', 'FROM_OPTIONAL', 'FROM_PROCESS', 'LISTED_NAME', 'OTHER_LISTED', 'PORT', 'QUOTED_NAME']);
  });
});

describe('the ARM template', () => {
  it('passes the check: resources, parameters and every setting the server needs', () => {
    expect(checkArmTemplate(template(), serverNames)).toEqual([]);
  });

  it('sets every name the server reads, except the ones excused with a reason', () => {
    const settings = appSettingsOf(template());
    const missing = serverNames.filter((n) => !settings.has(n));
    expect(missing.sort()).toEqual(missing.filter((n) => n in NOT_SET_IN_AZURE).sort());
    for (const reason of Object.values(NOT_SET_IN_AZURE)) expect(reason.length).toBeGreaterThan(20);
  });

  it('runs the bot and the Graph store as the managed identity, on the Graph store without demo data', () => {
    const settings = appSettingsOf(template());
    expect(settings.get('STORE')).toBe('graph');
    expect(settings.get('DEMO')).toBe('off');
    expect(settings.get('MICROSOFT_APP_TYPE')).toBe('UserAssignedMSI');
    expect(settings.get('MICROSOFT_APP_ID')).toBe(settings.get('GRAPH_MANAGED_IDENTITY_CLIENT_ID'));
    const bot = template().resources.find((r) => r.type === 'Microsoft.BotService/botServices')!;
    expect(bot.properties!.msaAppId).toBe(settings.get('MICROSOFT_APP_ID'));
  });

  it('fails the check when any one setting the server needs is removed', () => {
    const needed = serverNames.filter((n) => !(n in NOT_SET_IN_AZURE));
    expect(needed.length).toBeGreaterThan(10);
    for (const name of needed) {
      const mutated = template();
      const site = siteOf(mutated);
      site.properties.siteConfig.appSettings = site.properties.siteConfig.appSettings.filter((s) => s.name !== name);
      expect(checkArmTemplate(mutated, serverNames), name).toEqual([expect.stringMatching(new RegExp(`^app setting ${name}: the server reads it but the web app does not set it`))]);
    }
  });

  it('fails the check when the server starts reading a setting the template lacks', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-infra-'));
    tempDirs.push(dir);
    mkdirSync(path.join(dir, 'server'));
    const config = readFileSync(path.join(REPO_ROOT, 'server', 'config.ts'), 'utf8');
    const added = config.replace(/(\n\s*)(AAD_CLIENT_ID: optionalText,)/, '$1$2$1PROTOCOL_ARCHIVE_URL: optionalText,');
    expect(added).not.toBe(config);
    writeFileSync(path.join(dir, 'server', 'config.ts'), added);
    const names = serverSettingNames(dir).names;
    expect(names).toContain('PROTOCOL_ARCHIVE_URL');
    expect(checkArmTemplate(template(), names)).toEqual([expect.stringMatching(/^app setting PROTOCOL_ARCHIVE_URL: the server reads it/)]);
  });

  it('fails the check for a wrong value or resource setting', () => {
    const cases: [string, (t: ArmTemplate) => void, RegExp][] = [
      ['demo data on', (t) => (siteOf(t).properties.siteConfig.appSettings.find((s) => s.name === 'DEMO')!.value = 'on'), /^app setting DEMO: must be "off"/],
      ['SQLite store', (t) => (siteOf(t).properties.siteConfig.appSettings.find((s) => s.name === 'STORE')!.value = 'sqlite'), /^app setting STORE: must be "graph"/],
      ['no health check', (t) => delete siteOf(t).properties.siteConfig.healthCheckPath, /^sites: siteConfig.healthCheckPath must be "\/healthz"/],
      ['Node 18', (t) => (siteOf(t).properties.siteConfig.linuxFxVersion = 'NODE|18-lts'), /^sites: siteConfig.linuxFxVersion must be "NODE\|20-lts"/],
      ['one instance at most', (t) => (t.parameters.instanceCount!.maxValue = 1), /^parameters\/instanceCount: must allow two or more instances/],
      ['sticky sessions', (t) => (siteOf(t).properties.clientAffinityEnabled = true), /^sites: clientAffinityEnabled must be false/],
      ['bot with a secret', (t) => (t.resources.find((r) => r.type === 'Microsoft.BotService/botServices')!.properties!.msaAppType = 'SingleTenant'), /^botServices: msaAppType must be "UserAssignedMSI"/],
      ['no Teams channel', (t) => (t.resources = t.resources.filter((r) => r.type !== 'Microsoft.BotService/botServices/channels')), /^resources: the bot has no MsTeamsChannel channel/],
      ['free plan allowed', (t) => t.parameters.planSku!.allowedValues!.push('F1'), /^serverfarms: sku.name must be a parameter limited to plans that scale out/],
      ['undeclared parameter', (t) => delete t.parameters.graphOrg, /^template: parameters\('graphOrg'\) is not declared/],
      ['excused setting set anyway', (t) => siteOf(t).properties.siteConfig.appSettings.push({ name: 'MICROSOFT_APP_PASSWORD', value: 'x' }), /^app setting MICROSOFT_APP_PASSWORD: set, but NOT_SET_IN_AZURE/],
    ];
    for (const [what, mutate, expected] of cases) {
      const mutated = template();
      mutate(mutated);
      expect(checkArmTemplate(mutated, serverNames), what).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    }
  });

  it('has an example parameters file that gives every required parameter and no unknown one', () => {
    const example = JSON.parse(readFileSync(PARAMETERS_EXAMPLE_FILE, 'utf8')) as { parameters: Record<string, unknown> };
    expect(checkParametersFile(template(), example)).toEqual([]);
    const { graphSite: _dropped, ...rest } = example.parameters;
    expect(checkParametersFile(template(), { ...example, parameters: { ...rest, appname: { value: 'x' } } })).toEqual([
      'parameters file: graphSite has no default and no value',
      'parameters file: appname is not a parameter of the template',
    ]);
  });
});

describe('infra/entra-app.sh', () => {
  const run = async (...args: string[]) => (await promisify(execFile)('bash', [SCRIPT, ...args], { cwd: REPO_ROOT })).stdout;
  const bodies = (out: string) =>
    out
      .split('\n')
      .filter((l) => l.startsWith('DRY-RUN ') && /--(body|parameters) \{/.test(l))
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies walked as loose JSON
      .map((l) => JSON.parse(l.slice(l.search(/--(body|parameters) \{/)).replace(/^--(body|parameters) /, '')) as Record<string, any>);

  it('is valid bash', async () => {
    await expect(promisify(execFile)('bash', ['-n', SCRIPT])).resolves.toBeDefined();
  });

  it('registers the SSO app: api://<domain>/<client id>, access_as_user, the Teams clients pre-authorised', async () => {
    const out = await run('sso', '--domain', 'samverkan-rvb.azurewebsites.net', '--dry-run');
    const [scope, preauth] = bodies(out);
    expect(scope!.identifierUris).toEqual(['api://samverkan-rvb.azurewebsites.net/00000000-0000-0000-0000-000000000000']);
    const [permission] = scope!.api.oauth2PermissionScopes;
    expect(permission).toMatchObject({ value: 'access_as_user', type: 'User', isEnabled: true });
    expect(preauth!.api.oauth2PermissionScopes).toEqual(scope!.api.oauth2PermissionScopes);
    expect(preauth!.api.preAuthorizedApplications).toEqual(TEAMS_CLIENTS.map((appId) => ({ appId, delegatedPermissionIds: [permission.id] })));
    expect(out).toMatch(/^AAD_CLIENT_ID=/m);
    expect(out).toMatch(/^AAD_TENANT_ID=/m);
  });

  it('gives the Graph store Sites.Selected with admin consent, and trusts the managed identity', async () => {
    const graph = await run('graph', '--dry-run');
    expect(graph).toContain('--api 00000003-0000-0000-c000-000000000000 --api-permissions 883ea226-0bf2-4a8f-9f9d-92c9162a727d=Role');
    expect(graph).toContain('az ad app permission admin-consent');
    expect(graph).toMatch(/^GRAPH_CLIENT_ID=/m);
    const federate = await run('federate', '--graph-client-id', 'c1', '--identity-principal-id', 'p1', '--tenant-id', 't1', '--dry-run');
    expect(bodies(federate)).toEqual([
      expect.objectContaining({ issuer: 'https://login.microsoftonline.com/t1/v2.0', subject: 'p1', audiences: ['api://AzureADTokenExchange'] }),
    ]);
  });

  it('refuses a domain given as a URL', async () => {
    await expect(run('sso', '--domain', 'https://samverkan.example.org', '--dry-run')).rejects.toMatchObject({ code: 2 });
  });
});
