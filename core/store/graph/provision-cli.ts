/**
 * `npm run provision -- --site <site id or URL>`: creates the Graph store's lists, columns,
 * indexes, unique keys and protocol folder in a SharePoint site, idempotently, and prints what
 * it created and what already existed. Credentials come from the same GRAPH_* settings as the
 * server (GRAPH_SITE is not needed: --site names the site). Exit 0 done, 1 failed, 2 wrong usage.
 */
import { pathToFileURL } from 'node:url';
import { graphClient } from './graph-store.js';
import { provision } from './provision.js';
import { readGraphEnv } from './settings.js';

export const USAGE = `Usage: npm run provision -- --site <site id or URL>

  Creates the SharePoint lists, columns, indexes and unique keys of the Graph store and the
  protocol folder in the site's document library; what exists is left as it is.
  Credentials: GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET, or
  GRAPH_CERT_THUMBPRINT + GRAPH_CERT_KEY_FILE, or GRAPH_MANAGED_IDENTITY_CLIENT_ID.
  The app needs the manage role on the site (Sites.Selected); see docs/graph-store.md.`;

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env, out = console.log, err = console.error): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    out(USAGE);
    return 0;
  }
  const at = args.indexOf('--site');
  const site = at >= 0 ? args[at + 1] : undefined;
  const unknown = args.filter((a, i) => i !== at && i !== at + 1);
  if (!site || site.startsWith('-') || unknown.length) {
    if (unknown.length) err(`Unknown argument: ${unknown.join(' ')}`);
    err(USAGE);
    return 2;
  }
  const { settings, problems } = readGraphEnv({ ...env, GRAPH_SITE: site });
  if (!settings) {
    err(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    return 1;
  }
  try {
    const report = await provision(graphClient(settings), site);
    out(`Site ${report.webUrl} (${report.siteId})`);
    for (const line of report.created) out(`created: ${line}`);
    for (const line of report.existed) out(`already there: ${line}`);
    out(report.created.length ? `Done: ${report.created.length} created, ${report.existed.length} already there.` : 'Nothing to do: everything was already there.');
    return 0;
  } catch (e) {
    err(`Provisioning failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
