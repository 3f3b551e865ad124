/**
 * The Microsoft Graph store: every collection is a SharePoint list in the team's site (layout
 * in schema.ts), reached app-only through Microsoft Graph. What it relies on:
 * - queries filter on one indexed column at a time and follow every @odata.nextLink; the app
 *   narrows the result by exact comparison (SharePoint compares text without case);
 * - updates and deletes send `If-Match: <eTag>`; 412 becomes PreconditionFailedError, and the
 *   domain's `mutate` re-reads and retries;
 * - creates carry the key (and the domain's natural key) in unique columns: a retried POST, a
 *   duplicate delivery or a second instance collides (409) instead of making a second record;
 *   a collision with our own earlier attempt (its answer lost) is recognised by the write id;
 * - item ids learned from reads are remembered, so a read by key costs one single-item read
 *   (1 resource unit) instead of a query (2);
 * - `changes` follows a list with a delta query instead of re-reading it.
 */
import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  COLLECTIONS,
  INDEXED_FIELDS,
  NotFoundError,
  PreconditionFailedError,
  type Changes,
  type Collection,
  type CollectionName,
  type IndexedField,
  type Records,
  type Store,
  type StoreHealth,
  type Stored,
} from '../store.js';
import { msalTokenSource, type TokenSource } from './auth.js';
import { GraphClient, GraphError, type GraphAnswer } from './client.js';
import { ProtocolLibrary } from './files.js';
import { LISTS, KEY_COLUMN, READ_SELECT, WRITE_COLUMN, fromFields, odataString, toFields, uniqueText, columnText, type ListSpec } from './schema.js';
import { describeGraph, type GraphSettings } from './settings.js';

/** Items per page asked for ($top); the service may return fewer. */
export const PAGE_SIZE = 500;

interface Item {
  id: string;
  eTag?: string;
  fields?: Record<string, unknown>;
  deleted?: unknown;
}

/** The site or its lists are not as the store needs them; the message says exactly what is missing. */
export class StoreSetupError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Microsoft Graph store cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StoreSetupError';
  }
}

const EXPAND = `expand=${encodeURIComponent(`fields(select=${READ_SELECT})`)}`;
const filterParam = (column: string, value: string) => `$filter=${encodeURIComponent(`fields/${column} eq ${odataString(value)}`)}`;

class GraphCollection<C extends CollectionName> implements Collection<C> {
  private readonly spec: ListSpec;
  private readonly base: string;
  /** Record key → list item id (ids are never reused, so a stale entry only costs a miss). */
  private readonly ids = new Map<string, string>();
  /** List item id → record key (also of removed items), for removals reported by delta. */
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly client: GraphClient,
    siteId: string,
    listId: string,
    readonly name: C,
    private readonly pageSize: number,
  ) {
    this.spec = LISTS[name];
    this.base = `/sites/${siteId}/lists/${listId}/items`;
  }

  async get(key: string): Promise<Stored<Records[C]> | null> {
    return (await this.read(key))?.stored ?? null;
  }

  async list(filter?: { field: IndexedField<C>; equals: string }): Promise<Stored<Records[C]>[]> {
    let query = `${this.base}?${EXPAND}&$top=${this.pageSize}`;
    if (filter) {
      const column = this.spec.filterColumns[filter.field as string];
      if (!column) {
        const allowed = INDEXED_FIELDS[this.name] as readonly string[];
        throw new Error(`${this.name}: cannot filter on "${String(filter.field)}" (indexed fields: ${allowed.join(', ') || 'none'})`);
      }
      query += `&${filterParam(column, columnText(filter.equals))}`;
    }
    const out: Stored<Records[C]>[] = [];
    for await (const page of this.client.pages<Item>(query)) {
      for (const item of page) {
        const stored = this.stored(item);
        if (!stored) continue;
        // The column compares without case and may hold a hash: narrow exactly here.
        if (filter && (stored.value as unknown as Record<string, unknown>)[filter.field as string] !== filter.equals) continue;
        out.push(stored);
      }
    }
    return out;
  }

  async create(value: Records[C]): Promise<Stored<Records[C]>> {
    const writeId = randomUUID();
    const answer = await this.client.call({ method: 'POST', path: this.base, body: { fields: toFields(this.spec, value, writeId) } });
    if (answer.status === 201 || answer.status === 200) {
      this.remember(value.key, String(answer.body.id));
      return { value: copy(value), etag: String(answer.body.eTag) };
    }
    if (answer.status === 409) {
      // Ours, if an earlier attempt of this very request went through and its answer was lost.
      const existing = await this.read(value.key);
      if (existing && existing.writeId === writeId) return existing.stored;
      throw new AlreadyExistsError(this.name, value.key);
    }
    throw this.client.error(answer, `${this.name}: create "${value.key}"`);
  }

  async update(value: Records[C], etag: string): Promise<Stored<Records[C]>> {
    for (let fresh = false; ; fresh = true) {
      const id = await this.idOf(value.key, fresh);
      if (!id) throw new NotFoundError(this.name, value.key);
      const writeId = randomUUID();
      const answer = await this.client.call({
        method: 'PATCH',
        path: `${this.base}/${id}/fields`,
        headers: { 'If-Match': etag },
        body: toFields(this.spec, value, writeId),
      });
      if (answer.status === 200) {
        const newTag = answer.body?.['@odata.etag'] as string | undefined;
        if (newTag) return { value: copy(value), etag: newTag };
        const reread = await this.read(value.key);
        if (!reread) throw new NotFoundError(this.name, value.key);
        return reread.stored;
      }
      if (answer.status === 404) {
        this.forget(value.key);
        if (!fresh) continue;
        throw new NotFoundError(this.name, value.key);
      }
      if (answer.status === 412) {
        if (answer.attempts > 1) {
          // A retried PATCH meets its own first attempt's new eTag: it did go through.
          const current = await this.read(value.key);
          if (current && current.writeId === writeId) return current.stored;
        }
        throw new PreconditionFailedError(this.name, value.key);
      }
      if (answer.status === 409) throw new AlreadyExistsError(this.name, value.key);
      throw this.client.error(answer, `${this.name}: update "${value.key}"`);
    }
  }

  async remove(key: string, etag?: string): Promise<void> {
    for (let fresh = false; ; fresh = true) {
      const id = await this.idOf(key, fresh);
      if (!id) return;
      const answer = await this.client.call({ method: 'DELETE', path: `${this.base}/${id}`, headers: etag === undefined ? {} : { 'If-Match': etag } });
      if (answer.status === 204 || answer.status === 200) {
        this.forget(key);
        return;
      }
      if (answer.status === 404) {
        this.forget(key);
        if (!fresh) continue;
        return;
      }
      if (answer.status === 412) throw new PreconditionFailedError(this.name, key);
      throw this.client.error(answer, `${this.name}: remove "${key}"`);
    }
  }

  /** Changes since `cursor` (a delta link), or everything when null or when the service says to start over. */
  async changes(cursor: string | null): Promise<Changes<C>> {
    if (cursor !== null) {
      const answer = await this.followDelta(cursor, false);
      if (answer) return answer;
    }
    return (await this.followDelta(`${this.base}/delta?${EXPAND}&$top=${this.pageSize}`, true))!;
  }

  private async followDelta(start: string, full: boolean): Promise<Changes<C> | null> {
    const changed = new Map<string, Stored<Records[C]>>();
    const removed = new Set<string>();
    let next: string | null = start;
    for (;;) {
      const answer: GraphAnswer = await this.client.call({ method: 'GET', path: next });
      // 410: the token is too old; the service wants a fresh enumeration.
      if (answer.status === 410 && !full) return null;
      if (answer.status !== 200) throw this.client.error(answer, `${this.name}: delta`);
      for (const item of (answer.body.value ?? []) as Item[]) {
        if (item.deleted) {
          const key = this.keys.get(String(item.id));
          if (key === undefined) {
            // An item we never saw: the caller's picture cannot be patched, so start over.
            if (full) continue;
            return null;
          }
          changed.delete(key);
          removed.add(key);
          this.forget(key);
          continue;
        }
        const stored = this.stored(item);
        if (!stored) continue;
        removed.delete(stored.value.key);
        changed.set(stored.value.key, stored);
      }
      const link = (answer.body['@odata.nextLink'] as string | undefined) ?? null;
      if (link) {
        next = this.client.relative(link);
        continue;
      }
      const delta = answer.body['@odata.deltaLink'] as string | undefined;
      if (!delta) throw new GraphError(`${this.name}: delta answered without @odata.deltaLink`, 502, null);
      return { changed: [...changed.values()], removed: [...removed], cursor: this.client.relative(delta), full };
    }
  }

  // ---------------------------------------------------------------- reading

  private async read(key: string): Promise<{ stored: Stored<Records[C]>; writeId: string | null } | null> {
    const known = this.ids.get(key);
    if (known) {
      const answer = await this.client.call({ method: 'GET', path: `${this.base}/${known}?${EXPAND}` });
      if (answer.status === 200) {
        const found = this.parse(answer.body as Item);
        if (found && found.stored.value.key === key) return found;
      } else if (answer.status !== 404) throw this.client.error(answer, `${this.name}: read "${key}"`);
      this.forget(key);
    }
    const items = await this.client.all<Item>(`${this.base}?${EXPAND}&$top=2&${filterParam(KEY_COLUMN, uniqueText(key))}`);
    for (const item of items) {
      const found = this.parse(item);
      if (found && found.stored.value.key === key) return found;
    }
    return null;
  }

  private async idOf(key: string, fresh: boolean): Promise<string | null> {
    if (!fresh) {
      const known = this.ids.get(key);
      if (known) return known;
    }
    this.forget(key);
    await this.read(key);
    return this.ids.get(key) ?? null;
  }

  private parse(item: Item): { stored: Stored<Records[C]>; writeId: string | null } | null {
    if (!item.fields || typeof item.fields[KEY_COLUMN] !== 'string') return null;
    const value = fromFields<C>(item.fields);
    this.remember(value.key, String(item.id));
    const etag = item.eTag ?? (item.fields['@odata.etag'] as string | undefined);
    if (!etag) throw new GraphError(`${this.name}: list item ${item.id} came without an eTag`, 502, null);
    return { stored: { value, etag }, writeId: typeof item.fields[WRITE_COLUMN] === 'string' ? (item.fields[WRITE_COLUMN] as string) : null };
  }

  private stored(item: Item): Stored<Records[C]> | null {
    return this.parse(item)?.stored ?? null;
  }

  private remember(key: string, id: string): void {
    this.ids.set(key, id);
    this.keys.set(id, key);
  }

  /** Forgets where a key lives; what an id held stays known, so delta can name a removed key. */
  private forget(key: string): void {
    this.ids.delete(key);
  }
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface GraphStoreInternals {
  client: GraphClient;
  siteId: string;
  /** List id of each collection. */
  lists: Record<CollectionName, string>;
  pageSize?: number;
  describe?: string;
}

export class GraphStore implements Store {
  readonly kind = 'graph';
  readonly client: GraphClient;
  readonly siteId: string;
  /** The site's document library folder for protocol files (PDF, DOCX). */
  readonly protocolFiles: ProtocolLibrary;
  readonly organisations: Collection<'organisations'>;
  readonly bodies: Collection<'bodies'>;
  readonly people: Collection<'people'>;
  readonly memberships: Collection<'memberships'>;
  readonly meetings: Collection<'meetings'>;
  readonly agendaItems: Collection<'agendaItems'>;
  readonly attendance: Collection<'attendance'>;
  readonly decisions: Collection<'decisions'>;
  readonly ballots: Collection<'ballots'>;
  readonly reservations: Collection<'reservations'>;
  readonly protocols: Collection<'protocols'>;
  readonly cases: Collection<'cases'>;
  readonly caseEvents: Collection<'caseEvents'>;
  readonly audit: Collection<'audit'>;
  readonly activities: Collection<'activities'>;
  readonly postedCards: Collection<'postedCards'>;
  private readonly collections: { [K in CollectionName]: GraphCollection<K> };
  private closed = false;

  constructor(internals: GraphStoreInternals) {
    this.client = internals.client;
    this.siteId = internals.siteId;
    const size = internals.pageSize ?? PAGE_SIZE;
    const c = <K extends CollectionName>(name: K) => new GraphCollection(internals.client, internals.siteId, internals.lists[name], name, size);
    this.collections = {
      organisations: c('organisations'),
      bodies: c('bodies'),
      people: c('people'),
      memberships: c('memberships'),
      meetings: c('meetings'),
      agendaItems: c('agendaItems'),
      attendance: c('attendance'),
      decisions: c('decisions'),
      ballots: c('ballots'),
      reservations: c('reservations'),
      protocols: c('protocols'),
      cases: c('cases'),
      caseEvents: c('caseEvents'),
      audit: c('audit'),
      activities: c('activities'),
      postedCards: c('postedCards'),
    };
    this.organisations = this.collections.organisations;
    this.bodies = this.collections.bodies;
    this.people = this.collections.people;
    this.memberships = this.collections.memberships;
    this.meetings = this.collections.meetings;
    this.agendaItems = this.collections.agendaItems;
    this.attendance = this.collections.attendance;
    this.decisions = this.collections.decisions;
    this.ballots = this.collections.ballots;
    this.reservations = this.collections.reservations;
    this.protocols = this.collections.protocols;
    this.cases = this.collections.cases;
    this.caseEvents = this.collections.caseEvents;
    this.audit = this.collections.audit;
    this.activities = this.collections.activities;
    this.postedCards = this.collections.postedCards;
    this.protocolFiles = new ProtocolLibrary(internals.client, internals.siteId);
  }

  changes<K extends CollectionName>(name: K, cursor: string | null): Promise<Changes<K>> {
    return (this.collections[name] as unknown as GraphCollection<K>).changes(cursor);
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, kind: this.kind, detail: 'closed' };
    try {
      await this.client.ok({ method: 'GET', path: `/sites/${this.siteId}?$select=id` });
      return { ok: true, kind: this.kind };
    } catch (err) {
      return { ok: false, kind: this.kind, detail: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** `https://host/sites/x` → the Graph path that resolves it; a site id stays as it is. */
export function sitePath(site: string): string {
  if (!/^https?:/i.test(site)) return `/sites/${site}`;
  const url = new URL(site);
  return `/sites/${url.hostname}:${url.pathname.replace(/\/+$/, '') || '/'}`;
}

export interface SiteLists {
  siteId: string;
  webUrl: string;
  /** URL name → list id and its columns. */
  lists: Map<string, { id: string; columns: { id: string; name: string; indexed: boolean; enforceUniqueValues: boolean; text?: { allowMultipleLines?: boolean } }[] }>;
}

/** Reads the site and, for each of our lists that exists, its columns (one batch). */
export async function readSite(client: GraphClient, site: string): Promise<SiteLists> {
  const siteAnswer = await client.call({ method: 'GET', path: sitePath(site) });
  if (siteAnswer.status !== 200) throw siteProblem(siteAnswer, site);
  const siteId = String(siteAnswer.body.id);
  const all = await client.all<{ id: string; name: string }>(`/sites/${siteId}/lists?$select=id,name,displayName`);
  const ours = Object.values(LISTS)
    .map((spec) => all.find((l) => l.name === spec.name))
    .filter((l): l is { id: string; name: string } => Boolean(l));
  const lists: SiteLists['lists'] = new Map();
  for (let i = 0; i < ours.length; i += 20) {
    const chunk = ours.slice(i, i + 20);
    const answers = await client.batch(chunk.map((l) => ({ method: 'GET' as const, path: `/sites/${siteId}/lists/${l.id}/columns` })));
    answers.forEach((a, j) => {
      if (a.status !== 200) throw client.error(a, `reading the columns of ${chunk[j]!.name}`);
      lists.set(chunk[j]!.name, { id: chunk[j]!.id, columns: a.body.value });
    });
  }
  return { siteId, webUrl: String(siteAnswer.body.webUrl ?? site), lists };
}

function siteProblem(answer: GraphAnswer, site: string): StoreSetupError {
  if (answer.status === 401) return new StoreSetupError([`Microsoft Graph refused the app's token (401): check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the credential`]);
  if (answer.status === 403) {
    return new StoreSetupError([
      `the app has no access to the site ${site} (403): an administrator must grant it a role on this site (Sites.Selected; see docs/graph-store.md)`,
    ]);
  }
  if (answer.status === 404) return new StoreSetupError([`GRAPH_SITE: no SharePoint site ${site} (404)`]);
  return new StoreSetupError([`reading the site ${site}: HTTP ${answer.status}`]);
}

/** What is missing for the store: lists, columns, indexes, unique keys (empty when all is there). */
export function missingSchema(site: SiteLists): string[] {
  const problems: string[] = [];
  for (const spec of Object.values(LISTS)) {
    const list = site.lists.get(spec.name);
    if (!list) {
      problems.push(`list ${spec.name} is missing`);
      continue;
    }
    for (const column of spec.columns) {
      const found = list.columns.find((c) => c.name === column.name);
      if (!found) problems.push(`list ${spec.name}: column ${column.name} is missing`);
      else {
        if (column.indexed && !found.indexed) problems.push(`list ${spec.name}: column ${column.name} is not indexed`);
        if (column.unique && !found.enforceUniqueValues) problems.push(`list ${spec.name}: column ${column.name} does not enforce unique values`);
      }
    }
  }
  return problems;
}

export interface OpenGraphOptions {
  /** Tokens from elsewhere (tests); default: MSAL with the settings' credential. */
  tokens?: TokenSource;
  maxThrottleWaitMs?: number;
  coalesce?: boolean;
  pageSize?: number;
  /** Write and remove a probe record to prove the app may write (default true). */
  checkWritable?: boolean;
}

export function graphClient(settings: GraphSettings, options: OpenGraphOptions = {}): GraphClient {
  return new GraphClient({
    baseUrl: settings.baseUrl,
    tokens: options.tokens ?? msalTokenSource(settings),
    org: settings.org,
    maxThrottleWaitMs: options.maxThrottleWaitMs,
    coalesce: options.coalesce,
  });
}

/**
 * Opens the store after checking that the site is reachable, every list, column, index and
 * unique key is there, and that the app may write; otherwise throws StoreSetupError naming
 * exactly what is missing.
 */
export async function openGraphStore(settings: GraphSettings, options: OpenGraphOptions = {}): Promise<GraphStore> {
  const client = graphClient(settings, options);
  let site: SiteLists;
  try {
    site = await readSite(client, settings.site);
  } catch (err) {
    if (err instanceof StoreSetupError) throw err;
    throw new StoreSetupError([`cannot reach the site (${describeGraph(settings)}): ${err instanceof Error ? err.message : String(err)}`]);
  }
  const missing = missingSchema(site);
  if (missing.length) {
    throw new StoreSetupError([...missing, `run \`npm run provision -- --site ${settings.site}\` with an app granted manage on the site, then start again`]);
  }
  const lists = Object.fromEntries(COLLECTIONS.map((c) => [c, site.lists.get(LISTS[c].name)!.id])) as Record<CollectionName, string>;
  const store = new GraphStore({ client, siteId: site.siteId, lists, pageSize: options.pageSize });
  if (options.checkWritable ?? true) await probeWrite(store);
  return store;
}

async function probeWrite(store: GraphStore): Promise<void> {
  const probe = { key: `startup-probe|${randomUUID()}`, state: 'done' as const, at: new Date().toISOString(), answer: null };
  try {
    const created = await store.activities.create(probe);
    await store.activities.remove(probe.key, created.etag);
  } catch (err) {
    const status = err instanceof GraphError ? err.status : 0;
    throw new StoreSetupError([
      status === 403
        ? `the app can read the site but not write to it (403): grant it the write role on the site (Sites.Selected; see docs/graph-store.md)`
        : `writing a probe record to ${LISTS.activities.name} failed: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
}
