/**
 * The process configuration, read once from the environment (SPEC §9). Every variable is
 * validated here so that a typo fails at start with the variable's name, not later in a request.
 */
import path from 'node:path';
import { z } from 'zod';
import { describeGraph, GRAPH_SECRET_VARIABLES, readGraphEnv, type GraphSettings } from '../core/store/graph/settings.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

export const STORE_KINDS = ['sqlite', 'graph'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface BotCredentials {
  appId: string;
  /** Absent for a user-assigned managed identity, which has no secret, or with a certificate. */
  appPassword: string | null;
  /** A certificate instead of the password: its thumbprint and the path of its PEM private key. */
  certificate: { thumbprint: string; keyFile: string } | null;
  appType: AppType;
  tenantId: string | null;
}

export interface EntraSettings {
  /** The tab's app registration (audience of the Teams SSO token). */
  clientId: string;
  tenantId: string;
}

export interface Config {
  port: number;
  /** Absolute path: the import command and the server must agree on it whatever the cwd. */
  dataDir: string;
  demo: boolean;
  logLevel: LogLevel;
  store: StoreKind;
  /** The Microsoft Graph store's settings (GRAPH_*); present exactly when store is 'graph'. */
  graph?: GraphSettings;
  publicUrl: string | null;
  /** null: no bot credentials, so the bot accepts unauthenticated local traffic (SPEC §9). */
  bot: BotCredentials | null;
  /** null: no Entra settings, so the tab accepts the X-Dev-User header (local mode). */
  entra: EntraSettings | null;
  /** Least time between two updates of one shared card in the chat (Teams' rate limits). */
  cardUpdateIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Deployment tools often write `VAR=` for "unset"; treat blank as absent rather than as a value.
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());

const envSchema = z
  .object({
    PORT: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default('3978')
        .refine((s) => /^\d+$/.test(s.trim()) && Number(s) <= 65535, {
          message: 'must be a whole number from 0 to 65535',
        })
        .transform((s) => Number(s)),
    ),
    DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
    DEMO: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
      z.enum(['on', 'off'], { message: "must be 'on' or 'off'" }).default('on'),
    ),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    STORE: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
      z.enum(STORE_KINDS, { message: `must be one of ${STORE_KINDS.join(', ')}` }).default('sqlite'),
    ),
    PUBLIC_URL: z.preprocess(
      blankToUndefined,
      z
        .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL, e.g. https://samverkan.example.org' })
        .optional(),
    ),
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_CERT_THUMBPRINT: optionalText,
    MICROSOFT_APP_CERT_KEY_FILE: optionalText,
    MICROSOFT_APP_TYPE: z.preprocess(
      blankToUndefined,
      z.enum(APP_TYPES, { message: `must be one of ${APP_TYPES.join(', ')}` }).optional(),
    ),
    AAD_CLIENT_ID: optionalText,
    AAD_TENANT_ID: optionalText,
    CARD_UPDATE_INTERVAL_MS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default('2000')
        .refine((s) => /^\d+$/.test(s.trim()) && Number(s) <= 60_000, { message: 'must be a whole number of milliseconds from 0 to 60000' })
        .transform((s) => Number(s)),
    ),
  })
  .superRefine((env, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    const appType = env.MICROSOFT_APP_TYPE ?? 'MultiTenant';
    if (env.MICROSOFT_APP_ID) {
      const certificate = env.MICROSOFT_APP_CERT_THUMBPRINT || env.MICROSOFT_APP_CERT_KEY_FILE;
      if (certificate && !(env.MICROSOFT_APP_CERT_THUMBPRINT && env.MICROSOFT_APP_CERT_KEY_FILE)) {
        problem(env.MICROSOFT_APP_CERT_THUMBPRINT ? 'MICROSOFT_APP_CERT_KEY_FILE' : 'MICROSOFT_APP_CERT_THUMBPRINT', 'is required with the other certificate setting');
      } else if (appType !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD && !certificate) {
        problem(
          'MICROSOFT_APP_PASSWORD',
          `is required when MICROSOFT_APP_ID is set (MICROSOFT_APP_TYPE=${appType}), unless a certificate is given (MICROSOFT_APP_CERT_THUMBPRINT and MICROSOFT_APP_CERT_KEY_FILE)`,
        );
      }
      if (appType !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
        problem('MICROSOFT_APP_TENANT_ID', `is required when MICROSOFT_APP_TYPE=${appType}`);
      }
    } else {
      // Half a credential would silently run the bot unauthenticated: refuse it instead.
      for (const name of ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_TYPE', 'MICROSOFT_APP_CERT_THUMBPRINT', 'MICROSOFT_APP_CERT_KEY_FILE'] as const) {
        if (env[name]) problem(name, 'is set but MICROSOFT_APP_ID is not; set both or neither');
      }
    }
    if (env.AAD_CLIENT_ID && !env.AAD_TENANT_ID) problem('AAD_TENANT_ID', 'is required when AAD_CLIENT_ID is set');
    if (env.AAD_TENANT_ID && !env.AAD_CLIENT_ID) problem('AAD_CLIENT_ID', 'is required when AAD_TENANT_ID is set');
  });

/** Reads and validates the environment; throws `ConfigError` listing every problem by variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  // GRAPH_* are read by the store's own reader (also used by `npm run provision`), only with STORE=graph.
  const graph = String(env.STORE ?? '').trim().toLowerCase() === 'graph' ? readGraphEnv(env, cwd) : { settings: null, problems: [] };
  if (!parsed.success || graph.problems.length) {
    const issues = [
      ...(parsed.success ? [] : parsed.error.issues),
      ...graph.problems.map((p) => ({ path: [p.variable], message: p.message })),
    ];
    const problems = issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const raw = env[variable];
      // Never echo secret values back, not even invalid ones.
      const shown = raw === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(raw)})`;
      return `${variable}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    graph: graph.settings ?? undefined,
    port: e.PORT,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    // Fictional demo data never goes into a real SharePoint site unless DEMO=on says so.
    demo: e.DEMO === 'on' && (e.STORE !== 'graph' || (env.DEMO ?? '').trim() !== ''),
    logLevel: e.LOG_LEVEL,
    store: e.STORE,
    publicUrl: e.PUBLIC_URL ?? null,
    bot: e.MICROSOFT_APP_ID
      ? {
          appId: e.MICROSOFT_APP_ID,
          appPassword: e.MICROSOFT_APP_PASSWORD ?? null,
          certificate:
            e.MICROSOFT_APP_CERT_THUMBPRINT && e.MICROSOFT_APP_CERT_KEY_FILE
              ? { thumbprint: e.MICROSOFT_APP_CERT_THUMBPRINT, keyFile: path.resolve(cwd, e.MICROSOFT_APP_CERT_KEY_FILE) }
              : null,
          appType: e.MICROSOFT_APP_TYPE ?? 'MultiTenant',
          tenantId: e.MICROSOFT_APP_TENANT_ID ?? null,
        }
      : null,
    entra: e.AAD_CLIENT_ID && e.AAD_TENANT_ID ? { clientId: e.AAD_CLIENT_ID, tenantId: e.AAD_TENANT_ID } : null,
    cardUpdateIntervalMs: e.CARD_UPDATE_INTERVAL_MS,
  };
}

const SECRET_VARIABLES = new Set(['MICROSOFT_APP_PASSWORD', ...GRAPH_SECRET_VARIABLES]);

/** True when neither bot credentials nor Entra settings are given (SPEC §9 local mode). */
export function isLocalMode(config: Config): boolean {
  return config.bot === null && config.entra === null;
}

export interface ModeFacts {
  /** Where the store keeps its data, as the store reports it (e.g. the SQLite file). */
  storeLocation?: string;
  /** What happened to the demo data at this start; 'pending' before the store is opened. */
  demo?: DemoState;
}

export type DemoState = 'pending' | 'loaded' | 'not-needed' | 'off';

export function describeDemo(state: DemoState): string {
  return {
    pending: 'demo data: on (loaded when the store is empty)',
    loaded: 'demo data: loaded fictional demo data into the empty store',
    'not-needed': 'demo data: not loaded (the store already holds data)',
    off: 'demo data: off (DEMO=off), an empty store stays empty',
  }[state];
}

/**
 * The first log lines (SPEC §9 "says so in its first log lines"): store and where, demo data,
 * bot authentication and tab sign-in. Secrets appear only as "set"/"not set".
 */
export function describeMode(config: Config, facts: ModeFacts = {}): string[] {
  const where =
    config.store === 'sqlite'
      ? `embedded SQLite in ${facts.storeLocation ?? config.dataDir}`
      : `Microsoft Graph (SharePoint)${facts.storeLocation ? ` at ${facts.storeLocation}` : ''}${config.graph ? `, ${describeGraph(config.graph)}` : ''}`;
  const demo = describeDemo(facts.demo ?? (config.demo ? 'pending' : 'off'));
  const bot = config.bot
    ? `bot: Bot Framework authentication on (MICROSOFT_APP_ID ${config.bot.appId}, type ${config.bot.appType}, ` +
      `password ${config.bot.appPassword ? 'set' : 'not set'}, tenant ${config.bot.tenantId ?? 'not set'}); ` +
      'requests without a valid token are refused'
    : 'bot: no credentials (MICROSOFT_APP_ID not set), accepting unauthenticated local traffic on POST /api/messages';
  const tab = config.entra
    ? `tab sign-in: Teams SSO with Entra ID (AAD_CLIENT_ID ${config.entra.clientId}, AAD_TENANT_ID ${config.entra.tenantId}); X-Dev-User refused`
    : 'tab sign-in: no Entra settings (AAD_CLIENT_ID not set), local mode: the X-Dev-User header names the user';
  return [
    isLocalMode(config)
      ? 'mode: local (no bot credentials, no Microsoft Entra settings)'
      : `mode: Microsoft 365 (bot authentication ${config.bot ? 'on' : 'off'}, Entra sign-in ${config.entra ? 'on' : 'off'})`,
    `store: ${where}`,
    demo,
    bot,
    tab,
    `public URL: ${config.publicUrl ?? 'not set'}`,
  ];
}
