/**
 * App-only tokens for Microsoft Graph through MSAL: a client secret, a certificate, or a
 * user-assigned managed identity whose token is the app's federated client assertion. The
 * token endpoint is given to MSAL as authority metadata (no discovery round trip); tests point
 * it at the fake's endpoint, everything else is the same code path.
 */
import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, ManagedIdentityApplication, type Configuration } from '@azure/msal-node';
import type { GraphSettings } from './settings.js';

const LOGIN = 'login.microsoftonline.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** The audience of a managed identity token used as a federated credential. */
const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
/** Renew this long before expiry, so a token never expires in flight. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface TokenSource {
  token(): Promise<string>;
  /** Drops the cached token (after a 401). */
  invalidate(): void;
}

export function msalConfiguration(settings: GraphSettings): Configuration {
  const tenant = settings.tenantId;
  const authority = `https://${LOGIN}/${tenant}`;
  const auth: Configuration['auth'] = {
    clientId: settings.clientId,
    authority,
    knownAuthorities: [LOGIN],
    authorityMetadata: JSON.stringify({
      token_endpoint: settings.tokenUrl ?? `${authority}/oauth2/v2.0/token`,
      issuer: `${authority}/v2.0`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: LOGIN, preferred_cache: 'login.windows.net', aliases: [LOGIN, 'login.windows.net', 'login.microsoft.com'] }],
    }),
  };
  const c = settings.credential;
  if (c.kind === 'secret') auth.clientSecret = c.secret;
  else if (c.kind === 'certificate') auth.clientCertificate = { thumbprint: c.thumbprint, privateKey: readFileSync(c.keyFile, 'utf8') };
  else {
    const identity = new ManagedIdentityApplication({ managedIdentityIdParams: { userAssignedClientId: c.identityClientId } });
    auth.clientAssertion = async () => (await identity.acquireToken({ resource: FEDERATION_AUDIENCE })).accessToken;
  }
  return { auth };
}

export function msalTokenSource(settings: GraphSettings): TokenSource {
  const app = new ConfidentialClientApplication(msalConfiguration(settings));
  let cached: { token: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;
  return {
    async token() {
      if (cached && Date.now() < cached.renewAt) return cached.token;
      // One acquisition at a time; concurrent requests wait for it.
      pending ??= app
        .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
        .then((result) => {
          if (!result?.accessToken) throw new Error('Microsoft Entra ID returned no access token');
          const expires = result.expiresOn?.getTime() ?? Date.now() + 10 * 60_000;
          cached = { token: result.accessToken, renewAt: Math.max(Date.now() + 30_000, expires - RENEW_BEFORE_MS) };
          return result.accessToken;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
    invalidate() {
      cached = null;
    },
  };
}
