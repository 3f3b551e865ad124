/**
 * Creates, idempotently, what the Graph store needs in a site: one list per collection with
 * its typed text columns, an index on every column the store filters on, unique keys where
 * the domain says "one", and the protocol folder in the document library. Reports what it
 * created and what already existed. Needs the app to hold `manage` (or `fullcontrol`) on the
 * site; the running store needs only `write`.
 *
 * https://learn.microsoft.com/graph/api/list-create, …/list-post-columns,
 * …/columndefinition-update, …/driveitem-post-children, https://learn.microsoft.com/graph/json-batching
 */
import type { GraphAnswer, GraphCall, GraphClient } from './client.js';
import { PROTOCOL_FOLDER } from './files.js';
import { readSite } from './graph-store.js';
import { LISTS, type ColumnSpec } from './schema.js';

export interface ProvisionReport {
  siteId: string;
  webUrl: string;
  created: string[];
  existed: string[];
}

export function columnDefinition(c: ColumnSpec): Record<string, unknown> {
  return {
    name: c.name,
    displayName: c.displayName,
    text: c.multiline
      ? { allowMultipleLines: true, textType: 'plain', appendChangesToExistingText: false, linesForEditing: 6 }
      : { allowMultipleLines: false, maxLength: 255 },
    indexed: c.indexed,
    enforceUniqueValues: c.unique,
  };
}

const describeColumn = (c: ColumnSpec) => `${c.name}${c.unique ? ' (unique)' : c.indexed ? ' (indexed)' : ''}`;

export async function provision(client: GraphClient, site: string): Promise<ProvisionReport> {
  const before = await readSite(client, site);
  const { siteId } = before;
  const report: ProvisionReport = { siteId, webUrl: before.webUrl, created: [], existed: [] };
  const calls: (GraphCall & { dependsOn?: number[]; then: (a: GraphAnswer, dep?: GraphAnswer) => void })[] = [];

  for (const spec of Object.values(LISTS)) {
    const list = before.lists.get(spec.name);
    if (!list) {
      const at = calls.length;
      calls.push({
        method: 'POST',
        path: `/sites/${siteId}/lists`,
        body: { displayName: spec.name, columns: spec.columns.map(columnDefinition), list: { template: 'genericList' } },
        then: (a) => {
          if (a.status !== 201) throw client.error(a, `creating list ${spec.name}`);
          report.created.push(`list ${spec.name}: ${spec.columns.map(describeColumn).join(', ')}`);
        },
      });
      // Read back (by title, in the same batch, after the create) that every index took.
      calls.push({
        method: 'GET',
        path: `/sites/${siteId}/lists/${encodeURIComponent(spec.name)}/columns`,
        dependsOn: [at],
        then: (a) => {
          if (a.status !== 200) throw client.error(a, `reading back list ${spec.name}`);
          const columns = a.body.value as { name: string; indexed: boolean; enforceUniqueValues: boolean }[];
          for (const c of spec.columns) {
            const got = columns.find((x) => x.name === c.name);
            if (!got || got.indexed !== c.indexed || got.enforceUniqueValues !== c.unique) throw new Error(`list ${spec.name}: column ${c.name} was not created as asked`);
          }
        },
      });
      continue;
    }
    const changes: string[] = [];
    for (const c of spec.columns) {
      const found = list.columns.find((x) => x.name === c.name);
      if (!found) {
        calls.push({
          method: 'POST',
          path: `/sites/${siteId}/lists/${list.id}/columns`,
          body: columnDefinition(c),
          then: (a) => {
            if (a.status !== 201) throw client.error(a, `adding column ${c.name} to ${spec.name}`);
          },
        });
        changes.push(`added column ${describeColumn(c)}`);
      } else if ((c.indexed && !found.indexed) || (c.unique && !found.enforceUniqueValues)) {
        calls.push({
          method: 'PATCH',
          path: `/sites/${siteId}/lists/${list.id}/columns/${found.id}`,
          body: { indexed: true, enforceUniqueValues: c.unique },
          then: (a) => {
            if (a.status !== 200) throw client.error(a, `indexing column ${c.name} of ${spec.name}`);
          },
        });
        changes.push(`${c.unique ? 'made unique' : 'indexed'} column ${c.name}`);
      }
    }
    if (changes.length) report.created.push(`list ${spec.name} (existed): ${changes.join(', ')}`);
    else report.existed.push(`list ${spec.name} with every column, index and unique key`);
  }

  // Batches of at most 20; a create and its read-back stay in the same batch.
  for (let start = 0; start < calls.length; ) {
    let end = Math.min(start + 20, calls.length);
    if (end < calls.length && calls[end]!.dependsOn?.includes(end - 1)) end--;
    const chunk = calls.slice(start, end);
    const answers = await client.batch(chunk.map((c, i) => ({ ...c, dependsOn: c.dependsOn?.map((d) => d - start).filter((d) => d >= 0 && d < i) })));
    chunk.forEach((c, i) => c.then(answers[i]!));
    start = end;
  }

  const folder = await client.call({
    method: 'POST',
    path: `/sites/${siteId}/drive/root/children`,
    body: { name: PROTOCOL_FOLDER, folder: {}, '@microsoft.graph.conflictBehavior': 'fail' },
  });
  if (folder.status === 201) report.created.push(`folder ${PROTOCOL_FOLDER} in the document library`);
  else if (folder.status === 409) report.existed.push(`folder ${PROTOCOL_FOLDER} in the document library`);
  else throw client.error(folder, `creating the folder ${PROTOCOL_FOLDER}`);
  return report;
}
