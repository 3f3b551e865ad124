/**
 * Calls the tab's API under /api. Every call carries the caller's identity: the Teams SSO token
 * as `Authorization: Bearer`, or in local mode the demo user as `X-Dev-User`.
 */
import type { ApiError } from '../shared/api-types.js';
import { T } from './texts.js';

type HeaderSource = () => Promise<Record<string, string>>;

let identityHeaders: HeaderSource = async () => ({});

export function setIdentity(source: HeaderSource): void {
  identityHeaders = source;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: (ApiError & Record<string, unknown>) | null,
  ) {
    super(body?.message ?? (typeof body?.error === 'string' ? body.error : T.common.httpError(status)));
    this.name = 'ApiFailure';
  }
}

export interface ApiAnswer<T> {
  data: T;
  etag: string | null;
  status: number;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as If-Match: the version the caller last saw. */
  etag?: string | null;
  signal?: AbortSignal;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(await identityHeaders()) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.etag) headers['If-Match'] = options.etag;
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiFailure(0, { error: 'network', message: T.common.networkError });
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) throw new ApiFailure(res.status, isApiError(parsed) ? parsed : null);
  return { data: parsed as T, etag: res.headers.get('ETag'), status: res.status };
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await call<T>(path, { signal })).data;
}

function isApiError(v: unknown): v is ApiError & Record<string, unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string';
}

/** Readable message for any failure, for people. */
export function describeError(err: unknown): string {
  if (err instanceof ApiFailure) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Downloads a file that needs the caller's identity: a plain link would not carry the header, so
 * fetch it, and save it through a temporary blob URL.
 */
export async function download(path: string, fileName: string): Promise<void> {
  const res = await fetch(path, { headers: await identityHeaders(), cache: 'no-store' });
  if (!res.ok) {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    throw new ApiFailure(res.status, isApiError(body) ? body : null);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const enc = encodeURIComponent;
