/**
 * The Graph store against the fake Graph: one fake server per test file, a fresh site per
 * store, the app granted a role on it (Sites.Selected), the lists provisioned with the real
 * provisioning code, and the store opened with the real MSAL token path (its token endpoint
 * pointed at the fake's).
 */
import { FakeGraph, type SiteRole } from '../support/fake-graph/fake-graph.js';
import { graphClient, openGraphStore, type GraphStore, type OpenGraphOptions } from '../../core/store/graph/graph-store.js';
import { provision } from '../../core/store/graph/provision.js';
import type { GraphSettings } from '../../core/store/graph/settings.js';

export const TENANT = '0b6f1a8e-3c2d-4e5f-9a7b-1c2d3e4f5a6b';
export const CLIENT_ID = '5e7d9c1b-2a3f-4b6c-8d9e-0f1a2b3c4d5e';
export const SECRET = 'fake-secret-value';

let sites = 0;

export async function startFake(): Promise<FakeGraph> {
  const fake = await new FakeGraph().start();
  fake.addApp({ clientId: CLIENT_ID, secret: SECRET });
  return fake;
}

export function settingsFor(fake: FakeGraph, site: string): GraphSettings {
  return {
    site,
    tenantId: TENANT,
    clientId: CLIENT_ID,
    credential: { kind: 'secret', secret: SECRET },
    baseUrl: fake.url,
    tokenUrl: fake.tokenUrl(TENANT),
    org: 'Region Testland',
  };
}

/** The environment a server process needs to run on the fake site. */
export function graphEnv(fake: FakeGraph, site: string): Record<string, string> {
  return {
    STORE: 'graph',
    GRAPH_SITE: site,
    GRAPH_TENANT_ID: TENANT,
    GRAPH_CLIENT_ID: CLIENT_ID,
    GRAPH_CLIENT_SECRET: SECRET,
    GRAPH_BASE_URL: fake.url,
    GRAPH_TOKEN_URL: fake.tokenUrl(TENANT),
    GRAPH_ORG: 'Region Testland',
  };
}

/** A fresh site with the app granted `role` and (unless told not to) the lists provisioned. */
export async function freshSite(fake: FakeGraph, options: { role?: SiteRole; provision?: boolean } = {}) {
  const site = fake.createSite(`samverkan-${++sites}-${Date.now().toString(36)}`);
  fake.grant(site.id, CLIENT_ID, 'manage');
  if (options.provision ?? true) await provision(graphClient(settingsFor(fake, site.url)), site.url);
  fake.grant(site.id, CLIENT_ID, options.role ?? 'write');
  return site;
}

export async function graphStore(fake: FakeGraph, options: OpenGraphOptions & { role?: SiteRole } = {}): Promise<{ store: GraphStore; site: { id: string; url: string } }> {
  const site = await freshSite(fake, { role: options.role });
  const store = await openGraphStore(settingsFor(fake, site.url), options);
  return { store, site };
}
