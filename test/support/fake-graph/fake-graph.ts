/**
 * FAKE of Microsoft Graph (SharePoint sites, lists, list items, the document library) and of
 * the Microsoft Entra token endpoint, for tests and benchmarks of the Graph store. It is a
 * local HTTP server implementing only documented behaviour of the endpoints the store uses,
 * and it is strict where the real service is (or may be) strict. Each route names the page it
 * follows:
 *
 * - POST /{tenant}/oauth2/v2.0/token (client credentials: secret or certificate assertion)
 *   https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * - GET  /v1.0/sites/{site-id}, /v1.0/sites/{hostname}:/{path}
 *   https://learn.microsoft.com/graph/api/site-get, https://learn.microsoft.com/graph/api/site-getbypath
 * - GET/POST /v1.0/sites/{site}/lists     https://learn.microsoft.com/graph/api/list-list, …/list-create
 * - GET/POST /v1.0/sites/{site}/lists/{list}/columns, PATCH …/columns/{id}
 *   https://learn.microsoft.com/graph/api/list-list-columns, …/list-post-columns, …/columndefinition-update,
 *   https://learn.microsoft.com/graph/api/resources/columndefinition (enforceUniqueValues needs indexed)
 * - GET  …/items (expand=fields, $filter on fields, $top, @odata.nextLink)
 *   https://learn.microsoft.com/graph/api/listitem-list and the SharePoint list view threshold:
 *   https://learn.microsoft.com/sharepoint/troubleshoot/lists-and-libraries/items-exceeds-list-view-threshold
 * - GET  …/items/{id}                      https://learn.microsoft.com/graph/api/listitem-get
 * - POST …/items                           https://learn.microsoft.com/graph/api/listitem-create
 * - PATCH …/items/{id}/fields (If-Match → 412)  https://learn.microsoft.com/graph/api/listitem-update
 * - DELETE …/items/{id} (If-Match → 412)   https://learn.microsoft.com/graph/api/listitem-delete
 * - GET  …/items/delta (token, token=latest, 410 + Location)  https://learn.microsoft.com/graph/api/listitem-delta
 * - POST /v1.0/$batch (≤ 20 requests, dependsOn, 424)  https://learn.microsoft.com/graph/json-batching
 * - GET  /v1.0/sites/{site}/drive, …/drive/root:/{path}, POST …/drive/root:/{folder}:/children,
 *   PUT …/drive/root:/{path}:/content?@microsoft.graph.conflictBehavior=fail (409 when it exists)
 *   https://learn.microsoft.com/graph/api/driveitem-put-content, …/driveitem-post-children,
 *   https://learn.microsoft.com/graph/api/resources/driveitem (@microsoft.graph.downloadUrl)
 * - 429/503 with Retry-After when a test asks for it  https://learn.microsoft.com/graph/throttling,
 *   https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online
 * - Sites.Selected: no access to a site until the app is granted a role on it (read, write,
 *   manage, fullcontrol)  https://learn.microsoft.com/graph/api/site-post-permissions
 *
 * Where the documentation is silent the fake makes the strict choice and says so: a unique-key
 * clash answers 409 (the status and body are not documented; the live check records the real
 * ones); text comparisons in filters and unique checks ignore case, as SharePoint's do.
 *
 * It also meters what it serves in SharePoint resource units (1 per single-item read or delta
 * call with a token, 2 per query, create, update, delete or upload), for the benchmarks.
 */
import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, jwtVerify } from 'jose';

export type SiteRole = 'read' | 'write' | 'manage' | 'fullcontrol';

interface Column {
  id: string;
  name: string;
  displayName: string;
  text: { allowMultipleLines: boolean; maxLength: number; textType: string } | null;
  indexed: boolean;
  enforceUniqueValues: boolean;
  readOnly: boolean;
}

interface Item {
  id: string;
  uid: string;
  version: number;
  fields: Record<string, string | null>;
  created: string;
  modified: string;
  /** The list's change counter at this item's latest change (delta). */
  seq: number;
}

interface List {
  id: string;
  name: string;
  displayName: string;
  columns: Column[];
  items: Map<string, Item>;
  nextId: number;
  seq: number;
  removed: { id: string; seq: number }[];
  /** Delta tokens below this are expired (410); a test sets it. */
  deltaFloor: number;
  /** Unique column → folded value → item id. */
  unique: Map<string, Map<string, string>>;
}

interface DriveEntry {
  id: string;
  name: string;
  path: string;
  folder: boolean;
  content: Buffer | null;
  contentType: string;
  created: string;
}

interface Site {
  id: string;
  hostname: string;
  path: string;
  displayName: string;
  lists: Map<string, List>;
  drive: { id: string; entries: Map<string, DriveEntry> };
  grants: Map<string, SiteRole>;
}

interface App {
  clientId: string;
  secret?: string;
  certificate?: { thumbprint: string; publicKeyPem: string };
}

export interface FaultRule {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Substring of the request path (after /v1.0) to match; any when absent. */
  path?: string;
  /** 429 or 503 answer with Retry-After; 504 after committing (a lost answer). */
  status: 429 | 503 | 504;
  retryAfterSeconds?: number;
  /** How many matching requests get the fault. */
  times: number;
  /** Only direct requests, only sub-requests of a $batch, or both (default). */
  where?: 'direct' | 'batch' | 'any';
}

export interface Meter {
  /** HTTP requests received at /v1.0 (a $batch counts once). */
  httpRequests: number;
  batches: number;
  /** Operations served (direct requests and batch sub-requests, the $batch envelope excluded). */
  operations: number;
  resourceUnits: number;
  throttled: number;
  byKind: Record<string, { count: number; ru: number }>;
}

export interface ServedEvent {
  at: number;
  method: string;
  path: string;
  status: number;
  inBatch: boolean;
  userAgent: string;
}

interface Req {
  method: string;
  /** Path after /v1.0, with its query string. */
  url: string;
  headers: Record<string, string>;
  body: unknown;
  raw: Buffer | null;
}

interface Res {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  raw?: Buffer;
}

const HOSTNAME = 'contoso.sharepoint.com';
const MULTILINE_MAX = 63_999; // SharePoint Online: "Multiple lines of text" holds at most 63,999 characters.
const LIST_VIEW_THRESHOLD = 5_000;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Res => ({ status, body, headers });
const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): Res =>
  json(status, { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } }, headers);

class HttpError extends Error {
  constructor(readonly res: Res) {
    super(String((res.body as { error?: { message?: string } })?.error?.message ?? res.status));
  }
}
const fail = (status: number, code: string, message: string): never => {
  throw new HttpError(error(status, code, message));
};

const ROLE_RANK: Record<SiteRole, number> = { read: 1, write: 2, manage: 3, fullcontrol: 4 };
const fold = (s: string) => s.toLocaleLowerCase('sv');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const unb64 = <T>(s: string): T | null => {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
};

export class FakeGraph {
  /** Largest number of items a page holds, whatever $top asks (small, so paging is exercised). */
  pageLimit = 25;
  /** Largest $top accepted; more is 400 (the real limit is not documented). */
  maxTop = 5_000;
  /** Token lifetime in seconds. */
  tokenLifetime = 3_600;
  readonly meter: Meter = emptyMeter();
  readonly events: ServedEvent[] = [];
  private readonly sites = new Map<string, Site>();
  private readonly apps = new Map<string, App>();
  private readonly tokens = new Map<string, { clientId: string; expires: number }>();
  private readonly faults: FaultRule[] = [];
  private server: http.Server | null = null;
  origin = '';

  /** The Graph base URL the store is configured with (GRAPH_BASE_URL). */
  get url(): string {
    return `${this.origin}/v1.0`;
  }

  /** The token endpoint of a tenant (GRAPH_TOKEN_URL). */
  tokenUrl(tenant: string): string {
    return `${this.origin}/${tenant}/oauth2/v2.0/token`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.serve(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- test controls (not Graph)

  addApp(app: App): void {
    this.apps.set(app.clientId, app);
  }

  /** A team site; `name` becomes its path /sites/<name>. */
  createSite(name: string): { id: string; url: string } {
    const id = `${HOSTNAME},${randomUUID()},${randomUUID()}`;
    this.sites.set(id, {
      id,
      hostname: HOSTNAME,
      path: `/sites/${name}`,
      displayName: name,
      lists: new Map(),
      drive: { id: `b!${randomUUID()}`, entries: new Map() },
      grants: new Map(),
    });
    return { id, url: `https://${HOSTNAME}/sites/${name}` };
  }

  /** Sites.Selected: what an administrator grants the app on one site. */
  grant(siteId: string, clientId: string, role: SiteRole | null): void {
    const site = this.sites.get(siteId);
    if (!site) throw new Error(`no site ${siteId}`);
    if (role) site.grants.set(clientId, role);
    else site.grants.delete(clientId);
  }

  injectFault(rule: FaultRule): void {
    this.faults.push({ ...rule });
  }

  /** Expires every delta token issued so far for a list (the service answers 410 to them). */
  expireDeltaTokens(siteId: string, listName: string): void {
    const list = [...(this.sites.get(siteId)?.lists.values() ?? [])].find((l) => l.name === listName);
    if (!list) throw new Error(`no list ${listName}`);
    list.deltaFloor = list.seq + 1;
    list.seq += 1;
  }

  /** Test access to a list's raw items (column values as stored). */
  rawItems(siteId: string, listName: string): { id: string; fields: Record<string, string | null> }[] {
    const list = [...(this.sites.get(siteId)?.lists.values() ?? [])].find((l) => l.name === listName);
    return list ? [...list.items.values()].map((i) => ({ id: i.id, fields: { ...i.fields } })) : [];
  }

  /** A file in a site's document library, by path. */
  file(siteId: string, path: string): Buffer | null {
    return this.sites.get(siteId)?.drive.entries.get(fold(path.replace(/^\/+/, '')))?.content ?? null;
  }

  resetMeter(): void {
    Object.assign(this.meter, emptyMeter());
    this.events.length = 0;
  }

  // ---------------------------------------------------------------- HTTP

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = req.url ?? '/';
    let out: Res;
    try {
      if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token(\?|$)/.test(url)) {
        out = await this.token(raw.toString('utf8'));
      } else if (req.method === 'GET' && url.startsWith('/_download/')) {
        out = this.download(url);
      } else if (url.startsWith('/v1.0/')) {
        this.meter.httpRequests++;
        out = await this.graph(req, url.slice('/v1.0'.length), raw);
      } else {
        out = error(404, 'itemNotFound', `No such endpoint: ${url}`);
      }
    } catch (err) {
      out = err instanceof HttpError ? err.res : error(500, 'generalException', err instanceof Error ? err.message : String(err));
    }
    const headers: Record<string, string> = { ...out.headers };
    let payload: Buffer | string = '';
    if (out.raw) payload = out.raw;
    else if (out.body !== undefined) {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  }

  private async graph(req: http.IncomingMessage, url: string, raw: Buffer): Promise<Res> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const caller = this.caller(headers['authorization']);
    if (!caller) return error(401, 'InvalidAuthenticationToken', 'Access token is empty, invalid or expired.');
    const ua = headers['user-agent'] ?? '';
    if (req.method === 'POST' && url.split('?')[0] === '/$batch') return this.batch(caller, raw, ua);
    const isJson = (headers['content-type'] ?? '').includes('application/json');
    let body: unknown = undefined;
    if (isJson && raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return error(400, 'BadRequest', 'The request body is not valid JSON.');
      }
    }
    return this.operation(caller, { method: req.method ?? 'GET', url, headers, body, raw: isJson ? null : raw }, false, ua);
  }

  /** One operation, direct or inside a batch: faults first, then the route; metered. */
  private async operation(caller: string, req: Req, inBatch: boolean, ua: string): Promise<Res> {
    const fault = this.takeFault(req, inBatch);
    let res: Res;
    if (fault && fault.status !== 504) {
      res = error(fault.status, fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Too many requests, retry later.', {
        'retry-after': String(fault.retryAfterSeconds ?? 1),
      });
    } else {
      try {
        res = await this.route(caller, req);
      } catch (err) {
        res = err instanceof HttpError ? err.res : error(500, 'generalException', err instanceof Error ? err.message : String(err));
      }
      // The change is made; the answer is lost on the way back (a gateway timeout).
      if (fault) res = error(504, 'GatewayTimeout', 'The gateway timed out.');
    }
    this.account(req, res, inBatch, ua);
    return res;
  }

  private takeFault(req: Req, inBatch: boolean): FaultRule | null {
    const path = req.url.split('?')[0]!;
    const rule = this.faults.find(
      (f) =>
        f.times > 0 &&
        (!f.method || f.method === req.method) &&
        (!f.path || path.includes(f.path)) &&
        ((f.where ?? 'any') === 'any' || (f.where === 'batch') === inBatch),
    );
    if (!rule) return null;
    rule.times--;
    return rule;
  }

  private account(req: Req, res: Res, inBatch: boolean, ua: string): void {
    const path = req.url.split('?')[0]!;
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    let kind: string;
    let ru: number;
    if (/\/items\/delta$/.test(path)) {
      kind = query.has('token') ? 'delta (token)' : 'delta (full)';
      ru = query.has('token') ? 1 : 2;
    } else if (/\/items$/.test(path) && req.method === 'GET') [kind, ru] = ['query items', 2];
    else if (/\/items\/[^/]+$/.test(path) && req.method === 'GET') [kind, ru] = ['read item', 1];
    else if (req.method === 'POST' && /\/items$/.test(path)) [kind, ru] = ['create item', 2];
    else if (req.method === 'PATCH' && /\/items\//.test(path)) [kind, ru] = ['update item', 2];
    else if (req.method === 'DELETE' && /\/items\//.test(path)) [kind, ru] = ['delete item', 2];
    else if (req.method === 'PUT' && /\/content$/.test(path)) [kind, ru] = ['upload file', 2];
    else if (req.method === 'GET') [kind, ru] = ['read metadata', 1];
    else [kind, ru] = ['change schema', 2];
    const m = this.meter;
    m.operations++;
    m.resourceUnits += ru;
    if (res.status === 429 || res.status === 503) m.throttled++;
    const k = (m.byKind[kind] ??= { count: 0, ru: 0 });
    k.count++;
    k.ru += ru;
    this.events.push({ at: Date.now(), method: req.method, path, status: res.status, inBatch, userAgent: ua });
  }

  // ---------------------------------------------------------------- token endpoint

  private async token(form: string): Promise<Res> {
    const p = new URLSearchParams(form);
    const app = this.apps.get(p.get('client_id') ?? '');
    const bad = (code: string, description: string) => json(400, { error: code, error_description: description });
    if (p.get('grant_type') !== 'client_credentials') return bad('unsupported_grant_type', 'Only client_credentials is supported.');
    if (!app) return bad('unauthorized_client', 'Application not found in the directory.');
    if (p.get('scope') !== 'https://graph.microsoft.com/.default') return bad('invalid_scope', 'The scope must be https://graph.microsoft.com/.default.');
    const assertion = p.get('client_assertion');
    if (assertion) {
      if (p.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return bad('invalid_request', 'Bad assertion type.');
      if (!app.certificate) return bad('invalid_client', 'No certificate registered for the app.');
      try {
        const header = decodeProtectedHeader(assertion);
        const x5t = Buffer.from(app.certificate.thumbprint, 'hex').toString('base64url');
        if (header.x5t !== x5t && header['x5t#S256'] === undefined) return bad('invalid_client', 'Unknown certificate thumbprint.');
        // Entra tolerates clock skew between client and server (MSAL stamps nbf in whole seconds):
        // a strict check here failed now and then when the assertion was made in the same second.
        await jwtVerify(assertion, createPublicKey(app.certificate.publicKeyPem), { subject: app.clientId, issuer: app.clientId, clockTolerance: 300 });
      } catch (err) {
        return bad('invalid_client', `Client assertion is not valid: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (!app.secret || p.get('client_secret') !== app.secret) {
      return bad('invalid_client', 'Invalid client secret provided.');
    }
    const token = `fake.${randomUUID()}`;
    this.tokens.set(token, { clientId: app.clientId, expires: Date.now() + this.tokenLifetime * 1000 });
    return json(200, { token_type: 'Bearer', expires_in: this.tokenLifetime, ext_expires_in: this.tokenLifetime, access_token: token });
  }

  private caller(authorization: string | undefined): string | null {
    const m = /^Bearer (.+)$/.exec(authorization ?? '');
    const t = m ? this.tokens.get(m[1]!) : undefined;
    return t && t.expires > Date.now() ? t.clientId : null;
  }

  // ---------------------------------------------------------------- $batch

  private async batch(caller: string, raw: Buffer, ua: string): Promise<Res> {
    this.meter.batches++;
    let parsed: { requests?: unknown };
    try {
      parsed = JSON.parse(raw.toString('utf8')) as { requests?: unknown };
    } catch {
      return error(400, 'BadRequest', 'Invalid batch payload.');
    }
    const requests = parsed.requests;
    if (!Array.isArray(requests) || requests.length === 0) return error(400, 'BadRequest', 'Invalid batch payload: requests is required.');
    if (requests.length > 20) return error(400, 'BadRequest', 'Invalid batch payload: the number of requests exceeds the limit of 20.');
    const ids = new Set<string>();
    for (const r of requests as Record<string, unknown>[]) {
      if (typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') {
        return error(400, 'BadRequest', 'Invalid batch payload: every request needs id, method and url.');
      }
      if (ids.has(r.id)) return error(400, 'BadRequest', `Invalid batch payload: duplicate id ${r.id}.`);
      if (/^https?:/i.test(r.url)) return error(400, 'BadRequest', 'Invalid batch payload: urls must be relative.');
      if (r.body !== undefined && !Object.entries((r.headers as Record<string, string>) ?? {}).some(([k]) => k.toLowerCase() === 'content-type')) {
        return error(400, 'BadRequest', `Invalid batch payload: request ${r.id} has a body but no Content-Type header.`);
      }
      ids.add(r.id);
    }
    for (const r of requests as { id: string; dependsOn?: string[] }[]) {
      for (const d of r.dependsOn ?? []) if (!ids.has(d)) return error(400, 'BadRequest', `Invalid batch payload: ${r.id} depends on unknown ${d}.`);
    }
    const done = new Map<string, number>();
    const responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] = [];
    const pending = [...(requests as { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }[])];
    while (pending.length) {
      const index = pending.findIndex((r) => (r.dependsOn ?? []).every((d) => done.has(d)));
      if (index < 0) return error(400, 'BadRequest', 'Invalid batch payload: dependsOn has a cycle.');
      const r = pending.splice(index, 1)[0]!;
      let res: Res;
      if ((r.dependsOn ?? []).some((d) => (done.get(d) ?? 0) >= 400)) {
        res = error(424, 'FailedDependency', 'A request this one depends on failed.');
      } else {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
        const url = r.url.startsWith('/') ? r.url : `/${r.url}`;
        res = await this.operation(caller, { method: r.method.toUpperCase(), url, headers, body: r.body, raw: null }, true, ua);
      }
      done.set(r.id, res.status);
      responses.push({ id: r.id, status: res.status, headers: res.headers, ...(res.body !== undefined ? { body: res.body } : {}) });
    }
    return json(200, { responses });
  }

  // ---------------------------------------------------------------- routes

  private async route(caller: string, req: Req): Promise<Res> {
    const [rawPath, rawQuery = ''] = req.url.split('?') as [string, string?];
    const path = decodeURIComponent(rawPath);
    const query = new URLSearchParams(rawQuery);
    let m: RegExpExecArray | null;

    if ((m = /^\/sites\/([^/:]+):(\/[^:]*?)(?::)?$/.exec(path)) && req.method === 'GET') {
      const site = [...this.sites.values()].find((s) => s.hostname === m![1] && fold(s.path) === fold(m![2]!.replace(/\/+$/, '')));
      if (!site) fail(404, 'itemNotFound', 'Requested site could not be found');
      this.need(site!, caller, 'read');
      return json(200, this.siteJson(site!));
    }
    if (!(m = /^\/sites\/([^/]+)(\/.*)?$/.exec(path))) fail(400, 'BadRequest', `Unsupported request: ${req.method} ${path}`);
    const site = this.sites.get(m![1]!);
    if (!site) fail(404, 'itemNotFound', 'Requested site could not be found');
    const rest = m![2] ?? '';
    const s = site!;

    if (rest === '' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return json(200, this.siteJson(s));
    }
    if (rest === '/lists' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return json(200, { value: [...s.lists.values()].map((l) => this.listJson(s, l)) });
    }
    if (rest === '/lists' && req.method === 'POST') {
      this.need(s, caller, 'manage');
      return this.createList(s, req.body);
    }
    if (rest.startsWith('/drive')) return this.drive(s, caller, req, rest, query);
    if (!(m = /^\/lists\/([^/]+)(\/.*)?$/.exec(rest))) fail(400, 'BadRequest', `Unsupported request: ${req.method} ${path}`);
    const list = s.lists.get(m![1]!) ?? [...s.lists.values()].find((l) => fold(l.displayName) === fold(m![1]!));
    if (!list) fail(404, 'itemNotFound', 'The specified list was not found');
    const l = list!;
    const sub = m![2] ?? '';

    if (sub === '' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return json(200, this.listJson(s, l));
    }
    if (sub === '/columns' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return json(200, { value: l.columns.map(columnJson) });
    }
    if (sub === '/columns' && req.method === 'POST') {
      this.need(s, caller, 'manage');
      const column = this.column(req.body);
      if (l.columns.some((c) => fold(c.name) === fold(column.name))) fail(409, 'nameAlreadyExists', `A column named ${column.name} already exists.`);
      l.columns.push(column);
      return json(201, columnJson(column));
    }
    if ((m = /^\/columns\/([^/]+)$/.exec(sub)) && req.method === 'PATCH') {
      this.need(s, caller, 'manage');
      const column = l.columns.find((c) => c.id === m![1]);
      if (!column) fail(404, 'itemNotFound', 'Column not found');
      const patch = (req.body ?? {}) as Partial<Column>;
      const next = { ...column!, ...pick(patch, ['indexed', 'enforceUniqueValues', 'displayName']) };
      if (next.enforceUniqueValues && !next.indexed) fail(400, 'invalidRequest', 'A column that enforces unique values must be indexed.');
      Object.assign(column!, next);
      l.unique.delete(column!.name);
      return json(200, columnJson(column!));
    }
    if (sub === '/items/delta' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return this.delta(s, l, query);
    }
    if (sub === '/items' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return this.listItems(s, l, query, req.headers);
    }
    if (sub === '/items' && req.method === 'POST') {
      this.need(s, caller, 'write');
      return this.createItem(l, req.body, query);
    }
    if ((m = /^\/items\/([^/]+)(\/fields)?$/.exec(sub))) {
      const item = l.items.get(m[1]!);
      if (req.method === 'GET' && !m[2]) {
        this.need(s, caller, 'read');
        if (!item) fail(404, 'itemNotFound', 'The specified list item was not found');
        return json(200, this.itemJson(l, item!, expandSelect(query)));
      }
      if (req.method === 'PATCH' && m[2]) {
        this.need(s, caller, 'write');
        if (!item) fail(404, 'itemNotFound', 'The specified list item was not found');
        return this.updateItem(l, item!, req.body, req.headers['if-match']);
      }
      if (req.method === 'DELETE' && !m[2]) {
        this.need(s, caller, 'write');
        if (!item) fail(404, 'itemNotFound', 'The specified list item was not found');
        const ifMatch = req.headers['if-match'];
        if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(item!)) fail(412, 'resourceModified', 'The resource has changed since the caller last read it.');
        l.items.delete(item!.id);
        this.reindex(l, item!, item!.fields);
        l.removed.push({ id: item!.id, seq: ++l.seq });
        return { status: 204, headers: {} };
      }
    }
    return fail(400, 'BadRequest', `Unsupported request: ${req.method} ${path}`);
  }

  private need(site: Site, caller: string, role: SiteRole): void {
    const granted = site.grants.get(caller);
    if (!granted || ROLE_RANK[granted] < ROLE_RANK[role]) {
      fail(403, 'accessDenied', `Either scp or roles claim need to be present in the token, or the app lacks the ${role} role on this site (Sites.Selected).`);
    }
  }

  private siteJson(s: Site) {
    return { id: s.id, name: s.displayName, displayName: s.displayName, webUrl: `https://${s.hostname}${s.path}`, siteCollection: { hostname: s.hostname } };
  }

  private listJson(s: Site, l: List) {
    return { id: l.id, name: l.name, displayName: l.displayName, webUrl: `https://${s.hostname}${s.path}/Lists/${l.name}`, list: { template: 'genericList', hidden: false } };
  }

  private column(body: unknown): Column {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(b.name)) fail(400, 'invalidRequest', 'A column needs a name of letters and digits.');
    const text = b.text as Record<string, unknown> | undefined;
    if (!text) fail(400, 'invalidRequest', 'This fake supports text columns only.');
    const multi = text!.allowMultipleLines === true;
    const column: Column = {
      id: randomUUID(),
      name: b.name as string,
      displayName: typeof b.displayName === 'string' ? b.displayName : (b.name as string),
      text: { allowMultipleLines: multi, maxLength: multi ? MULTILINE_MAX : Math.min(Number(text!.maxLength ?? 255), 255), textType: String(text!.textType ?? 'plain') },
      indexed: b.indexed === true,
      enforceUniqueValues: b.enforceUniqueValues === true,
      readOnly: false,
    };
    if (column.enforceUniqueValues && !column.indexed) fail(400, 'invalidRequest', 'A column that enforces unique values must be indexed.');
    if (column.indexed && multi) fail(400, 'invalidRequest', 'A multiple lines of text column cannot be indexed.');
    return column;
  }

  private createList(s: Site, body: unknown): Res {
    const b = (body ?? {}) as { displayName?: unknown; columns?: unknown[]; list?: { template?: string } };
    if (typeof b.displayName !== 'string' || !b.displayName) fail(400, 'invalidRequest', 'displayName is required.');
    if ([...s.lists.values()].some((l) => fold(l.name) === fold(b.displayName as string))) {
      fail(409, 'nameAlreadyExists', 'A list, survey, discussion board, or document library with the specified title already exists in this Web site.');
    }
    const columns: Column[] = [
      { id: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247', name: 'Title', displayName: 'Title', text: { allowMultipleLines: false, maxLength: 255, textType: 'plain' }, indexed: false, enforceUniqueValues: false, readOnly: false },
    ];
    for (const c of b.columns ?? []) {
      const column = this.column(c);
      if (columns.some((x) => fold(x.name) === fold(column.name))) fail(400, 'invalidRequest', `Duplicate column ${column.name}.`);
      columns.push(column);
    }
    if (columns.filter((c) => c.indexed).length > 20) fail(400, 'invalidRequest', 'A list can have at most 20 indexed columns.');
    const list: List = { id: randomUUID(), name: b.displayName as string, displayName: b.displayName as string, columns, items: new Map(), nextId: 1, seq: 0, removed: [], deltaFloor: 0, unique: new Map() };
    s.lists.set(list.id, list);
    return json(201, this.listJson(s, list));
  }

  // ---------------------------------------------------------------- items

  private itemJson(l: List, item: Item, select: string[] | null) {
    const base = { id: item.id, eTag: etagOf(item), createdDateTime: item.created, lastModifiedDateTime: item.modified };
    if (select === null) return base;
    const fields: Record<string, unknown> = { '@odata.etag': etagOf(item), id: item.id };
    const names = select.length ? select : l.columns.map((c) => c.name);
    for (const n of names) {
      const column = l.columns.find((c) => fold(c.name) === fold(n));
      if (!column) fail(400, 'invalidRequest', `Field '${n}' is not recognized`);
      const v = item.fields[column!.name];
      if (v !== null && v !== undefined) fields[column!.name] = v;
    }
    return { ...base, fields };
  }

  private listItems(s: Site, l: List, query: URLSearchParams, headers: Record<string, string>): Res {
    for (const p of ['$orderby', '$skip', '$count', '$search']) {
      if (query.has(p)) fail(400, 'invalidRequest', `${p} is not supported on list items by this fake (not documented for listItem).`);
    }
    const select = expandSelect(query);
    const top = this.top(query);
    const filter = query.get('$filter');
    let match: (i: Item) => boolean = () => true;
    if (filter !== null) {
      if (select === null) fail(400, 'invalidRequest', 'Filtering on fields requires expand=fields.');
      const m = /^fields\/([A-Za-z][A-Za-z0-9]*) eq '((?:[^']|'')*)'$/.exec(filter);
      if (!m) fail(400, 'invalidRequest', `Unsupported $filter (one "fields/<column> eq '<text>'" only): ${filter}`);
      const column = l.columns.find((c) => fold(c.name) === fold(m![1]!));
      if (!column) fail(400, 'invalidRequest', `Field '${m![1]}' is not recognized`);
      if (!column!.indexed) {
        const prefer = headers['prefer'] ?? '';
        if (!prefer.includes('HonorNonIndexedQueriesWarningMayFailRandomly')) {
          fail(400, 'invalidRequest', `Field '${column!.name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.`);
        }
        if (l.items.size > LIST_VIEW_THRESHOLD) fail(400, 'invalidRequest', 'The attempted operation is prohibited because it exceeds the list view threshold.');
      }
      const wanted = fold(m![2]!.replaceAll("''", "'"));
      match = (i) => i.fields[column!.name] != null && fold(i.fields[column!.name]!) === wanted;
    }
    const skip = query.get('$skiptoken');
    const after = skip ? unb64<{ after: number }>(skip)?.after : 0;
    if (after === undefined || after === null) fail(400, 'invalidRequest', 'Invalid $skiptoken.');
    const page: Item[] = [];
    let more = false;
    for (const item of [...l.items.values()].sort((a, b) => Number(a.id) - Number(b.id))) {
      if (Number(item.id) <= (after as number) || !match(item)) continue;
      if (page.length === top) {
        more = true;
        break;
      }
      page.push(item);
    }
    const out: Record<string, unknown> = { value: page.map((i) => this.itemJson(l, i, select)) };
    if (more) {
      const next = new URLSearchParams(query);
      next.set('$skiptoken', b64({ after: Number(page.at(-1)!.id) }));
      out['@odata.nextLink'] = `${this.url}/sites/${s.id}/lists/${l.id}/items?${next.toString()}`;
    }
    return json(200, out);
  }

  private top(query: URLSearchParams): number {
    const raw = query.get('$top');
    if (raw === null) return this.pageLimit;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) fail(400, 'invalidRequest', 'Invalid $top.');
    if (n > this.maxTop) fail(400, 'invalidRequest', `$top may be at most ${this.maxTop}.`);
    return Math.min(n, this.pageLimit);
  }

  private fieldsOf(l: List, body: unknown): Record<string, string | null> {
    const fields = (body as { fields?: unknown })?.fields ?? body;
    if (!fields || typeof fields !== 'object') fail(400, 'invalidRequest', 'fields are required.');
    const out: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
      if (name.startsWith('@odata')) continue;
      const column = l.columns.find((c) => fold(c.name) === fold(name));
      if (!column) fail(400, 'invalidRequest', `Field '${name}' is not recognized`);
      if (column!.readOnly) fail(400, 'invalidRequest', `Field '${name}' is read-only`);
      if (value !== null && typeof value !== 'string') fail(400, 'invalidRequest', `Field '${name}' takes text.`);
      if (typeof value === 'string' && value.length > column!.text!.maxLength) {
        fail(400, 'invalidRequest', `The value of '${name}' is longer than ${column!.text!.maxLength} characters.`);
      }
      out[column!.name] = value === '' ? null : (value as string | null);
    }
    return out;
  }

  private uniqueIndex(l: List, column: string): Map<string, string> {
    let index = l.unique.get(column);
    if (!index) {
      // Built on first use (a column may have been made unique after items existed).
      index = new Map();
      for (const item of l.items.values()) if (item.fields[column] != null) index.set(fold(item.fields[column]!), item.id);
      l.unique.set(column, index);
    }
    return index;
  }

  private checkUnique(l: List, fields: Record<string, string | null>, self: string | null): void {
    for (const column of l.columns.filter((c) => c.enforceUniqueValues)) {
      const v = fields[column.name];
      if (v === null || v === undefined) continue;
      const holder = this.uniqueIndex(l, column.name).get(fold(v));
      if (holder !== undefined && holder !== self) {
        // Not documented; the live check records what SharePoint really answers.
        fail(409, 'nameAlreadyExists', `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [${column.name}].`);
      }
    }
  }

  /** Keeps the unique indexes in step with an item's fields (before: its fields until now). */
  private reindex(l: List, item: Item, before: Record<string, string | null> | null): void {
    for (const column of l.columns.filter((c) => c.enforceUniqueValues)) {
      const index = this.uniqueIndex(l, column.name);
      const old = before?.[column.name];
      if (old != null && index.get(fold(old)) === item.id) index.delete(fold(old));
      const now = l.items.has(item.id) ? item.fields[column.name] : null;
      if (now != null) index.set(fold(now), item.id);
    }
  }

  private createItem(l: List, body: unknown, query: URLSearchParams): Res {
    const fields = this.fieldsOf(l, body);
    this.checkUnique(l, fields, null);
    const now = new Date().toISOString();
    const item: Item = { id: String(l.nextId++), uid: randomUUID(), version: 1, fields: {}, created: now, modified: now, seq: ++l.seq };
    for (const c of l.columns) item.fields[c.name] = fields[c.name] ?? null;
    l.items.set(item.id, item);
    this.reindex(l, item, null);
    void query;
    return json(201, this.itemJson(l, item, []));
  }

  private updateItem(l: List, item: Item, body: unknown, ifMatch: string | undefined): Res {
    if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(item)) fail(412, 'resourceModified', 'The resource has changed since the caller last read it.');
    const fields = this.fieldsOf(l, body);
    this.checkUnique(l, { ...item.fields, ...fields }, item.id);
    const before = { ...item.fields };
    Object.assign(item.fields, fields);
    this.reindex(l, item, before);
    item.version++;
    item.modified = new Date().toISOString();
    item.seq = ++l.seq;
    const out: Record<string, unknown> = { '@odata.etag': etagOf(item), id: item.id };
    for (const [k, v] of Object.entries(item.fields)) if (v !== null) out[k] = v;
    return json(200, out);
  }

  private delta(s: Site, l: List, query: URLSearchParams): Res {
    const select = expandSelect(query);
    const top = this.top(query);
    const deltaLink = (seq: number) => `${this.url}/sites/${s.id}/lists/${l.id}/items/delta?token=${b64({ seq })}${expandParam(query)}`;
    const token = query.get('token');
    if (token === 'latest') return json(200, { value: [], '@odata.deltaLink': deltaLink(l.seq) });
    const skip = query.get('$skiptoken');
    const state = skip ? unb64<{ since: number; upto: number; after: number; full: boolean }>(skip) : null;
    let since = 0;
    let full = true;
    if (token !== null) {
      const parsed = unb64<{ seq: number }>(token);
      if (!parsed) fail(400, 'invalidRequest', 'Invalid delta token.');
      since = parsed!.seq;
      full = false;
    }
    if (skip && !state) fail(400, 'invalidRequest', 'Invalid $skiptoken.');
    const cur = state ?? { since, upto: l.seq, after: 0, full };
    if (!cur.full && cur.since < l.deltaFloor) {
      return error(410, 'resyncRequired', 'The delta token is no longer valid; restart the enumeration.', {
        location: `${this.url}/sites/${s.id}/lists/${l.id}/items/delta${expandParam(query).replace(/^&/, '?')}`,
      });
    }
    // Changes in order of the change counter; removed items as { id, deleted }.
    const entries: { seq: number; json: unknown }[] = [];
    for (const item of l.items.values()) {
      if (cur.full || item.seq > cur.since) entries.push({ seq: cur.full ? Number(item.id) : item.seq, json: this.itemJson(l, item, select) });
    }
    if (!cur.full) for (const r of l.removed) if (r.seq > cur.since) entries.push({ seq: r.seq, json: { id: r.id, deleted: { state: 'deleted' } } });
    entries.sort((a, b) => a.seq - b.seq);
    const rest = entries.filter((e) => e.seq > cur.after);
    const page = rest.slice(0, top);
    const out: Record<string, unknown> = { value: page.map((e) => e.json) };
    if (rest.length > page.length) {
      const next = new URLSearchParams(query);
      next.delete('token');
      next.set('$skiptoken', b64({ ...cur, after: page.at(-1)!.seq }));
      out['@odata.nextLink'] = `${this.url}/sites/${s.id}/lists/${l.id}/items/delta?${next.toString()}`;
    } else out['@odata.deltaLink'] = deltaLink(Math.max(cur.upto, ...page.map((e) => (cur.full ? 0 : e.seq))));
    return json(200, out);
  }

  // ---------------------------------------------------------------- document library

  private drive(s: Site, caller: string, req: Req, rest: string, query: URLSearchParams): Res {
    const entries = s.drive.entries;
    const entryJson = (e: DriveEntry) => ({
      id: e.id,
      name: e.name,
      createdDateTime: e.created,
      webUrl: `https://${s.hostname}${s.path}/Shared%20Documents/${e.path.split('/').map(encodeURIComponent).join('/')}`,
      ...(e.folder ? { folder: { childCount: [...entries.values()].filter((x) => parentOf(x.path) === e.path).length } } : { file: { mimeType: e.contentType }, size: e.content?.length ?? 0 }),
      ...(e.folder ? {} : { '@microsoft.graph.downloadUrl': `${this.origin}/_download/${s.id}/${encodeURIComponent(e.path)}` }),
    });
    if (rest === '/drive' && req.method === 'GET') {
      this.need(s, caller, 'read');
      return json(200, { id: s.drive.id, name: 'Documents', driveType: 'documentLibrary', webUrl: `https://${s.hostname}${s.path}/Shared%20Documents` });
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/drive\/root:\/(.+?):\/content$/.exec(rest)) && req.method === 'PUT') {
      this.need(s, caller, 'write');
      const path = m[1]!.replace(/\/+$/, '');
      const parent = parentOf(path);
      if (parent && !entries.get(fold(parent))?.folder) fail(404, 'itemNotFound', `The parent folder ${parent} does not exist.`);
      const behaviour = query.get('@microsoft.graph.conflictBehavior') ?? 'replace';
      if (!['fail', 'replace', 'rename'].includes(behaviour)) fail(400, 'invalidRequest', 'Invalid conflictBehavior.');
      const existing = entries.get(fold(path));
      if (existing && behaviour === 'fail') fail(409, 'nameAlreadyExists', 'The specified item name already exists.');
      if (existing?.folder) fail(409, 'nameAlreadyExists', 'A folder with that name exists.');
      if (behaviour === 'rename' && existing) fail(400, 'invalidRequest', 'rename is not supported by this fake.');
      const entry: DriveEntry = {
        id: existing?.id ?? randomUUID(),
        name: path.split('/').at(-1)!,
        path,
        folder: false,
        content: req.raw ?? Buffer.alloc(0),
        contentType: req.headers['content-type'] ?? 'application/octet-stream',
        created: existing?.created ?? new Date().toISOString(),
      };
      entries.set(fold(path), entry);
      return json(existing ? 200 : 201, entryJson(entry));
    }
    if ((m = /^\/drive\/root(?::\/(.+?):)?\/children$/.exec(rest)) && req.method === 'POST') {
      this.need(s, caller, 'write');
      const parent = (m[1] ?? '').replace(/\/+$/, '');
      if (parent && !entries.get(fold(parent))?.folder) fail(404, 'itemNotFound', `The parent folder ${parent} does not exist.`);
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (typeof b.name !== 'string' || !b.name || b.folder === undefined) fail(400, 'invalidRequest', 'name and folder are required.');
      const path = parent ? `${parent}/${b.name as string}` : (b.name as string);
      const existing = entries.get(fold(path));
      const behaviour = (b['@microsoft.graph.conflictBehavior'] as string | undefined) ?? 'rename';
      if (existing && behaviour === 'fail') fail(409, 'nameAlreadyExists', 'The specified item name already exists.');
      if (existing && behaviour !== 'replace') fail(400, 'invalidRequest', 'rename is not supported by this fake.');
      const entry: DriveEntry = { id: randomUUID(), name: b.name as string, path, folder: true, content: null, contentType: '', created: new Date().toISOString() };
      entries.set(fold(path), entry);
      return json(201, entryJson(entry));
    }
    if ((m = /^\/drive\/root:\/(.+?):?$/.exec(rest)) && req.method === 'GET') {
      this.need(s, caller, 'read');
      const entry = entries.get(fold(m[1]!.replace(/\/+$/, '')));
      if (!entry) fail(404, 'itemNotFound', 'The resource could not be found.');
      return json(200, entryJson(entry!));
    }
    return fail(400, 'BadRequest', `Unsupported request: ${req.method} ${rest}`);
  }

  /** Pre-authenticated download URL (@microsoft.graph.downloadUrl): no Authorization needed. */
  private download(url: string): Res {
    const [, , siteId, path] = url.split('/');
    const entry = this.sites.get(decodeURIComponent(siteId ?? ''))?.drive.entries.get(fold(decodeURIComponent(path ?? '')));
    if (!entry?.content) return error(404, 'itemNotFound', 'Not found');
    return { status: 200, headers: { 'content-type': entry.contentType }, raw: entry.content };
  }
}

function emptyMeter(): Meter {
  return { httpRequests: 0, batches: 0, operations: 0, resourceUnits: 0, throttled: 0, byKind: {} };
}

const etagOf = (item: Item) => `"${item.uid},${item.version}"`;
const parentOf = (path: string) => path.split('/').slice(0, -1).join('/');
const pick = <T extends object>(o: T, keys: (keyof T)[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]])) as Partial<T>;

function columnJson(c: Column) {
  return {
    id: c.id,
    name: c.name,
    displayName: c.displayName,
    indexed: c.indexed,
    enforceUniqueValues: c.enforceUniqueValues,
    readOnly: c.readOnly,
    ...(c.text ? { text: c.text } : {}),
  };
}

/** `expand=fields(select=A,B)` (or `$expand=fields($select=A,B)`): null when fields are not expanded, [] for all. */
function expandSelect(query: URLSearchParams): string[] | null {
  const expand = query.get('expand') ?? query.get('$expand');
  if (expand === null) return null;
  const m = /^fields(?:\(\$?select=([A-Za-z0-9,]+)\))?$/.exec(expand);
  if (!m) fail(400, 'invalidRequest', `Unsupported expand: ${expand}`);
  return m![1] ? m![1].split(',') : [];
}

function expandParam(query: URLSearchParams): string {
  const key = query.has('expand') ? 'expand' : query.has('$expand') ? '$expand' : null;
  return key ? `&${key}=${encodeURIComponent(query.get(key)!)}` : '';
}

/** SHA-1 thumbprint (hex) of a DER certificate, as the Azure portal shows it. */
export const thumbprintOf = (der: Buffer) => createHash('sha1').update(der).digest('hex').toUpperCase();
