/**
 * The one way this program talks to Microsoft Graph: the Graph JavaScript SDK's client with
 * our own middleware chain (token, bounded retry of 429/503/504 honouring Retry-After, the
 * NONISV User-Agent, metering) in front of the SDK's HTTP handler. Concurrent requests are
 * coalesced into JSON batches of at most 20 (one round trip instead of twenty); a sub-request
 * answered 429/503 is sent again in a later batch after its Retry-After.
 *
 * Facts followed: https://learn.microsoft.com/graph/throttling (Retry-After),
 * https://learn.microsoft.com/graph/json-batching (20 requests, dependsOn, 424),
 * https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online
 * (decorate traffic with `NONISV|<organisation>|<app>/<version>`).
 */
import { readFileSync } from 'node:fs';
import { Client, HTTPMessageHandler, ResponseType, type Context, type Middleware, type MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { TokenSource } from './auth.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphCall {
  method: Method;
  /** Relative to the base URL (`/sites/…`), with its query string, or an absolute @odata link. */
  path: string;
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Binary body (uploads); such calls are never batched. */
  content?: { bytes: Buffer; type: string };
}

export interface GraphAnswer {
  status: number;
  headers: Record<string, string>;
  // The shape depends on the endpoint; callers validate what they use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** How many times the call was sent (more than 1 after a retry). */
  attempts: number;
}

export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Graph kept throttling longer than the configured total wait. */
export class GraphThrottledError extends GraphError {
  constructor(what: string, status: number, waitedMs: number, budgetMs: number) {
    super(
      `Microsoft Graph is throttling this app (HTTP ${status}) on ${what}: waited ${Math.round(waitedMs / 1000)} s in total, ` +
        `the most allowed is ${Math.round(budgetMs / 1000)} s; try again later or lower the load`,
      status,
      'throttled',
    );
    this.name = 'GraphThrottledError';
  }
}

export interface ClientOptions {
  baseUrl: string;
  tokens: TokenSource;
  /** `<organisation>` of the NONISV User-Agent. */
  org: string;
  /** Longest total time one call may spend waiting for Retry-After (default 120 s). */
  maxThrottleWaitMs?: number;
  /** Gather concurrent calls into $batch requests (default true). */
  coalesce?: boolean;
}

/** What this client sent, for the benchmarks and the tests. */
export interface ClientMeter {
  /** HTTP requests sent (a $batch counts once). */
  http: number;
  batches: number;
  /** Logical calls (each batch sub-request counts). */
  calls: number;
  retries: number;
  throttleWaitMs: number;
}

const RETRIABLE = new Set([429, 503, 504]);
/** Tries of a call that keeps answering 504 (no Retry-After). */
const MAX_GATEWAY_ATTEMPTS = 4;
const MAX_BATCH = 20;

export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export const userAgent = (org: string) => `NONISV|${org.replace(/[|\r\n]/g, ' ')}|Samverkan/${VERSION}`;

/** Wait in ms that a 429/503 answer asks for: Retry-After seconds, else a growing default. */
export function retryAfterMs(headers: Record<string, string>, attempt: number): number {
  const raw = headers['retry-after'];
  if (raw !== undefined) {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return Math.min(1000 * 2 ** (attempt - 1), 30_000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function headersOf(h: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (typeof (h as Headers).forEach === 'function' && !(h.constructor === Object)) (h as Headers).forEach((v, k) => (out[k.toLowerCase()] = v));
  else for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  return out;
}

/** Per-call state the retry middleware keeps (passed as an SDK middleware option). */
class CallState implements MiddlewareOptions {
  attempts = 0;
  waitedMs = 0;
  constructor(readonly what: string) {}
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  if (options.headers instanceof Headers) options.headers.set(name, value);
  else options.headers = { ...(options.headers as Record<string, string> | undefined), [name]: value };
}

export class GraphClient {
  readonly meter: ClientMeter = { http: 0, batches: 0, calls: 0, retries: 0, throttleWaitMs: 0 };
  readonly baseUrl: string;
  private readonly sdk: Client;
  private readonly budgetMs: number;
  private readonly coalesce: boolean;
  private queue: { call: GraphCall; state: CallState; resolve: (a: GraphAnswer) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.budgetMs = options.maxThrottleWaitMs ?? 120_000;
    this.coalesce = options.coalesce ?? true;
    const url = new URL(this.baseUrl);
    const version = url.pathname.replace(/^\/+|\/+$/g, '');
    const ua = userAgent(options.org);
    const tokens = options.tokens;
    const meter = this.meter;
    const budget = this.budgetMs;

    const auth: Middleware & { next?: Middleware } = {
      async execute(context) {
        setHeader(context, 'Authorization', `Bearer ${await tokens.token()}`);
        await auth.next!.execute(context);
        if (context.response?.status === 401) {
          // An expired or revoked token: get a fresh one once.
          tokens.invalidate();
          setHeader(context, 'Authorization', `Bearer ${await tokens.token()}`);
          await auth.next!.execute(context);
        }
      },
      setNext(next) {
        auth.next = next;
      },
    };
    const retry: Middleware & { next?: Middleware } = {
      async execute(context) {
        const state = (context.middlewareControl?.getMiddlewareOptions(CallState) as CallState | undefined) ?? new CallState('a request');
        for (;;) {
          state.attempts++;
          await retry.next!.execute(context);
          const res = context.response!;
          if (!RETRIABLE.has(res.status)) return;
          const wait = res.status === 504 ? (state.attempts < MAX_GATEWAY_ATTEMPTS ? 200 * state.attempts : -1) : retryAfterMs(headersOf(res.headers), state.attempts);
          if (wait < 0 || state.waitedMs + wait > budget) return; // the caller turns it into an error
          await res.arrayBuffer().catch(() => undefined);
          meter.retries++;
          state.waitedMs += wait;
          meter.throttleWaitMs += wait;
          await sleep(wait);
        }
      },
      setNext(next) {
        retry.next = next;
      },
    };
    const decorate: Middleware & { next?: Middleware } = {
      async execute(context) {
        setHeader(context, 'User-Agent', ua);
        meter.http++;
        await decorate.next!.execute(context);
      },
      setNext(next) {
        decorate.next = next;
      },
    };
    this.sdk = Client.initWithMiddleware({ baseUrl: url.origin, defaultVersion: version, middleware: [auth, retry, decorate, new HTTPMessageHandler()] });
  }

  /** Relative path of an absolute link that Graph returned (nextLink, deltaLink, Location). */
  relative(link: string): string {
    if (link.startsWith(this.baseUrl)) return link.slice(this.baseUrl.length);
    if (/^https?:/i.test(link)) throw new GraphError(`Graph returned a link outside ${this.baseUrl}: ${link}`, 0, null);
    return link;
  }

  /** Sends one call (possibly inside a batch with other concurrent calls); resolves with any status. */
  call(call: GraphCall): Promise<GraphAnswer> {
    this.meter.calls++;
    const state = new CallState(`${call.method} ${call.path.split('?')[0]}`);
    if (!this.coalesce || call.content) return this.direct(call, state);
    return new Promise((resolve, reject) => {
      this.queue.push({ call, state, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Like `call`, but any answer outside 2xx becomes a GraphError (throttling: GraphThrottledError). */
  async ok(call: GraphCall, what = `${call.method} ${call.path.split('?')[0]}`): Promise<GraphAnswer> {
    const answer = await this.call(call);
    if (answer.status < 300) return answer;
    throw this.error(answer, what);
  }

  error(answer: GraphAnswer, what: string, waitedMs = 0): GraphError {
    if (answer.status === 429 || answer.status === 503) return new GraphThrottledError(what, answer.status, waitedMs, this.budgetMs);
    const err = answer.body?.error as { code?: string; message?: string } | undefined;
    return new GraphError(`${what}: HTTP ${answer.status}${err?.code ? ` ${err.code}` : ''}${err?.message ? `: ${err.message}` : ''}`, answer.status, err?.code ?? null);
  }

  /** Every item of a collection, following each @odata.nextLink. */
  async *pages<T>(path: string): AsyncGenerator<T[], { deltaLink: string | null }> {
    let next: string | null = path;
    for (;;) {
      const answer = await this.ok({ method: 'GET', path: next });
      yield (answer.body.value ?? []) as T[];
      const link = answer.body['@odata.nextLink'] as string | undefined;
      if (!link) return { deltaLink: (answer.body['@odata.deltaLink'] as string | undefined) ?? null };
      next = this.relative(link);
    }
  }

  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(path)) out.push(...(page as T[]));
    return out;
  }

  /**
   * One JSON batch of calls that may depend on each other (`dependsOn` by index). Sub-requests
   * answered 429/503 are sent again after their Retry-After, with their dependants (424).
   */
  async batch(calls: (GraphCall & { dependsOn?: number[] })[]): Promise<GraphAnswer[]> {
    if (calls.length > MAX_BATCH) throw new Error(`a batch holds at most ${MAX_BATCH} requests`);
    this.meter.calls += calls.length;
    const answers: (GraphAnswer | undefined)[] = calls.map(() => undefined);
    const states = calls.map((c) => new CallState(`${c.method} ${c.path.split('?')[0]}`));
    let open = calls.map((_, i) => i);
    while (open.length) {
      const subs = open.map((i) => ({
        id: String(i),
        call: calls[i]!,
        dependsOn: (calls[i]!.dependsOn ?? []).filter((d) => open.includes(d)).map(String),
      }));
      const results = await this.sendBatch(subs);
      let wait = 0;
      const again: number[] = [];
      for (const i of open) {
        const r = results.get(String(i))!;
        states[i]!.attempts++;
        const throttled = r.status === 429 || r.status === 503;
        const failedDep = r.status === 424 && (calls[i]!.dependsOn ?? []).some((d) => again.includes(d) || answers[d] === undefined);
        if (throttled) {
          const w = retryAfterMs(r.headers, states[i]!.attempts);
          if (states[i]!.waitedMs + w > this.budgetMs) throw new GraphThrottledError(states[i]!.what, r.status, states[i]!.waitedMs, this.budgetMs);
          states[i]!.waitedMs += w;
          wait = Math.max(wait, w);
          again.push(i);
        } else if (failedDep) again.push(i);
        else answers[i] = { ...r, attempts: states[i]!.attempts };
      }
      open = again.sort((a, b) => a - b);
      if (open.length) {
        this.meter.retries += open.length;
        this.meter.throttleWaitMs += wait;
        await sleep(wait);
      }
    }
    return answers as GraphAnswer[];
  }

  // ---------------------------------------------------------------- sending

  private async direct(call: GraphCall, state: CallState): Promise<GraphAnswer> {
    let request = this.sdk
      .api(this.relative(call.path))
      .responseType(ResponseType.RAW)
      .middlewareOptions([state]);
    for (const [k, v] of Object.entries(call.headers ?? {})) request = request.header(k, v);
    let raw: Response;
    switch (call.method) {
      case 'GET':
        raw = (await request.get()) as Response;
        break;
      case 'DELETE':
        raw = (await request.delete()) as Response;
        break;
      case 'POST':
        raw = (await request.post(call.body)) as Response;
        break;
      case 'PATCH':
        raw = (await request.patch(call.body)) as Response;
        break;
      case 'PUT':
        raw = call.content
          ? ((await request.header('Content-Type', call.content.type).put(call.content.bytes)) as Response)
          : ((await request.put(call.body)) as Response);
        break;
    }
    const text = await raw.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const answer: GraphAnswer = { status: raw.status, headers: headersOf(raw.headers), body, attempts: state.attempts };
    if (RETRIABLE.has(answer.status) && answer.status !== 504) throw new GraphThrottledError(state.what, answer.status, state.waitedMs, this.budgetMs);
    return answer;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 1) {
      const [only] = queue;
      this.direct(only!.call, only!.state).then(only!.resolve, only!.reject);
      return;
    }
    for (let start = 0; start < queue.length; start += MAX_BATCH) {
      const chunk = queue.slice(start, start + MAX_BATCH);
      void this.sendBatch(chunk.map((q, i) => ({ id: String(i), call: q.call, dependsOn: [] }))).then(
        (results) => {
          const later: typeof chunk = [];
          let wait = 0;
          chunk.forEach((q, i) => {
            const r = results.get(String(i))!;
            q.state.attempts++;
            if (r.status === 429 || r.status === 503 || (r.status === 504 && q.state.attempts < MAX_GATEWAY_ATTEMPTS)) {
              const w = r.status === 504 ? 200 * q.state.attempts : retryAfterMs(r.headers, q.state.attempts);
              if (q.state.waitedMs + w > this.budgetMs) {
                q.reject(new GraphThrottledError(q.state.what, r.status, q.state.waitedMs, this.budgetMs));
                return;
              }
              q.state.waitedMs += w;
              wait = Math.max(wait, w);
              later.push(q);
            } else q.resolve({ ...r, attempts: q.state.attempts });
          });
          if (later.length) {
            this.meter.retries += later.length;
            this.meter.throttleWaitMs += wait;
            setTimeout(() => {
              this.queue.push(...later);
              if (!this.scheduled) {
                this.scheduled = true;
                setImmediate(() => void this.flush());
              }
            }, wait);
          }
        },
        (err: unknown) => chunk.forEach((q) => q.reject(err)),
      );
    }
  }

  /** One $batch round trip; the envelope itself goes through the retry middleware. */
  private async sendBatch(subs: { id: string; call: GraphCall; dependsOn: string[] }[]): Promise<Map<string, Omit<GraphAnswer, 'attempts'>>> {
    this.meter.batches++;
    const requests = subs.map(({ id, call, dependsOn }) => ({
      id,
      method: call.method,
      url: this.relative(call.path),
      ...(dependsOn.length ? { dependsOn } : {}),
      headers: { ...(call.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...call.headers },
      ...(call.body !== undefined ? { body: call.body } : {}),
    }));
    const envelope = await this.direct({ method: 'POST', path: '/$batch', body: { requests } }, new CallState('POST /$batch'));
    if (envelope.status !== 200) throw this.error(envelope, 'POST /$batch');
    const out = new Map<string, Omit<GraphAnswer, 'attempts'>>();
    for (const r of (envelope.body?.responses ?? []) as { id: string; status: number; headers?: Record<string, string>; body?: unknown }[]) {
      out.set(r.id, { status: r.status, headers: headersOf(r.headers), body: r.body ?? null });
    }
    for (const s of subs) if (!out.has(s.id)) throw new GraphError(`POST /$batch: no answer for request ${s.id}`, 502, null);
    return out;
  }
}
