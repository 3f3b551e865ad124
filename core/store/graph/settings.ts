/**
 * The Graph store's settings, read from the environment (names fixed with the Azure
 * deployment): STORE=graph, GRAPH_SITE, GRAPH_TENANT_ID, GRAPH_CLIENT_ID and one credential
 * (GRAPH_CLIENT_SECRET, or GRAPH_CERT_THUMBPRINT + GRAPH_CERT_KEY_FILE, or
 * GRAPH_MANAGED_IDENTITY_CLIENT_ID), GRAPH_BASE_URL, GRAPH_TOKEN_URL, GRAPH_ORG.
 */
import path from 'node:path';
import { z } from 'zod';

export type GraphCredential =
  | { kind: 'secret'; secret: string }
  /** An app certificate: SHA-1 thumbprint (hex, as the portal shows it) and the PEM private key's path. */
  | { kind: 'certificate'; thumbprint: string; keyFile: string }
  /** A user-assigned managed identity whose token is the federated client assertion of the app. */
  | { kind: 'managedIdentity'; identityClientId: string };

export interface GraphSettings {
  /** Site id (`host,siteCollectionId,webId`) or URL (`https://contoso.sharepoint.com/sites/team`). */
  site: string;
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  /** The OAuth 2.0 token endpoint; null: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token. */
  tokenUrl: string | null;
  /** The <organisation> in `User-Agent: NONISV|<organisation>|Samverkan/<version>`. */
  org: string;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

export const GRAPH_VARIABLES = [
  'GRAPH_SITE',
  'GRAPH_TENANT_ID',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERT_THUMBPRINT',
  'GRAPH_CERT_KEY_FILE',
  'GRAPH_MANAGED_IDENTITY_CLIENT_ID',
  'GRAPH_BASE_URL',
  'GRAPH_TOKEN_URL',
  'GRAPH_ORG',
] as const;

/** Never echoed back, not even when invalid. */
export const GRAPH_SECRET_VARIABLES = new Set(['GRAPH_CLIENT_SECRET']);

export interface GraphEnvProblem {
  variable: string;
  message: string;
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * Reads the Graph settings; every problem is named by its variable. Exactly one credential must
 * be given, and half of one (a thumbprint without its key) is refused rather than ignored.
 */
export function readGraphEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): { settings: GraphSettings | null; problems: GraphEnvProblem[] } {
  const v = Object.fromEntries(GRAPH_VARIABLES.map((n) => [n, blank(env[n])])) as Record<(typeof GRAPH_VARIABLES)[number], string | undefined>;
  const problems: GraphEnvProblem[] = [];
  const need = (name: keyof typeof v, why: string) => {
    if (!v[name]) problems.push({ variable: name, message: `is required ${why}` });
  };
  need('GRAPH_SITE', 'with STORE=graph (the SharePoint site: its id or URL, e.g. https://contoso.sharepoint.com/sites/samverkan)');
  need('GRAPH_TENANT_ID', 'with STORE=graph (the Microsoft Entra tenant id)');
  need('GRAPH_CLIENT_ID', 'with STORE=graph (the app registration granted Sites.Selected on the site)');
  if (v.GRAPH_SITE && /^https?:/i.test(v.GRAPH_SITE) && !httpUrl.safeParse(v.GRAPH_SITE).success) {
    problems.push({ variable: 'GRAPH_SITE', message: 'is neither a site id nor a valid site URL' });
  }
  for (const name of ['GRAPH_BASE_URL', 'GRAPH_TOKEN_URL'] as const) {
    if (v[name] && !httpUrl.safeParse(v[name]).success) problems.push({ variable: name, message: 'must be an absolute http(s) URL' });
  }
  if (v.GRAPH_CERT_THUMBPRINT && !/^[0-9A-Fa-f]{40}$/.test(v.GRAPH_CERT_THUMBPRINT)) {
    problems.push({ variable: 'GRAPH_CERT_THUMBPRINT', message: 'must be the certificate\'s SHA-1 thumbprint: 40 hexadecimal digits' });
  }
  const cert = Boolean(v.GRAPH_CERT_THUMBPRINT || v.GRAPH_CERT_KEY_FILE);
  if (cert && !(v.GRAPH_CERT_THUMBPRINT && v.GRAPH_CERT_KEY_FILE)) {
    problems.push({ variable: v.GRAPH_CERT_THUMBPRINT ? 'GRAPH_CERT_KEY_FILE' : 'GRAPH_CERT_THUMBPRINT', message: 'is required with the other certificate setting' });
  }
  const given = [v.GRAPH_CLIENT_SECRET && 'GRAPH_CLIENT_SECRET', cert && 'GRAPH_CERT_THUMBPRINT/GRAPH_CERT_KEY_FILE', v.GRAPH_MANAGED_IDENTITY_CLIENT_ID && 'GRAPH_MANAGED_IDENTITY_CLIENT_ID'].filter(Boolean);
  if (given.length === 0) {
    problems.push({
      variable: 'GRAPH_CLIENT_SECRET',
      message: 'or GRAPH_CERT_THUMBPRINT + GRAPH_CERT_KEY_FILE, or GRAPH_MANAGED_IDENTITY_CLIENT_ID is required with STORE=graph (the app\'s credential)',
    });
  } else if (given.length > 1) {
    problems.push({ variable: 'GRAPH_CLIENT_SECRET', message: `give one credential only, not ${given.join(' and ')}` });
  }
  if (problems.length) return { settings: null, problems };
  const credential: GraphCredential = v.GRAPH_CLIENT_SECRET
    ? { kind: 'secret', secret: v.GRAPH_CLIENT_SECRET }
    : cert
      ? { kind: 'certificate', thumbprint: v.GRAPH_CERT_THUMBPRINT!.toUpperCase(), keyFile: path.resolve(cwd, v.GRAPH_CERT_KEY_FILE!) }
      : { kind: 'managedIdentity', identityClientId: v.GRAPH_MANAGED_IDENTITY_CLIENT_ID! };
  return {
    settings: {
      site: v.GRAPH_SITE!,
      tenantId: v.GRAPH_TENANT_ID!,
      clientId: v.GRAPH_CLIENT_ID!,
      credential,
      baseUrl: (v.GRAPH_BASE_URL ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
      tokenUrl: v.GRAPH_TOKEN_URL ?? null,
      // The tenant identifies the organisation when no name is given.
      org: v.GRAPH_ORG ?? v.GRAPH_TENANT_ID!,
    },
    problems: [],
  };
}

/** For log lines: the settings without any secret. */
export function describeGraph(settings: GraphSettings): string {
  const credential =
    settings.credential.kind === 'secret'
      ? 'client secret (set)'
      : settings.credential.kind === 'certificate'
        ? `certificate ${settings.credential.thumbprint}`
        : `managed identity ${settings.credential.identityClientId}`;
  return `site ${settings.site} via ${settings.baseUrl}, tenant ${settings.tenantId}, app ${settings.clientId}, ${credential}`;
}
