/**
 * The one way the dashboard talks to Vigil: the documented HTTP API under /api/v1, with the
 * session cookie (same-origin), the CSRF token on unsafe methods, and a 401 sending the user to
 * /signin. Errors keep the API's stable code and message so views can show them as they are.
 */

export const API = '/api/v1';

/** An error answer of the API ({ code, message }) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {
  if (window.location.pathname !== '/signin') window.location.assign('/signin');
};

/** Set by sign-in and by the session check; sent as X-CSRF-Token on POST/PUT/PATCH/DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The app routes a 401 to /signin itself (client-side), instead of a full reload. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly query?: Record<string, string | number | boolean | undefined | null>;
  /** The sign-in call answers 401 for wrong credentials: that is not "signed out". */
  readonly allowUnauthorized?: boolean;
  readonly signal?: AbortSignal;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API}${path}${qs ? `?${qs}` : ''}`;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'The server did not answer.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    // The API's one error shape: { error: { code, message, details } }.
    const body = ((data as { error?: unknown } | null)?.error ?? {}) as { code?: unknown; message?: unknown };
    const code = typeof body.code === 'string' ? body.code : `HTTP_${res.status}`;
    const message = typeof body.message === 'string' ? body.message : `${res.status} ${res.statusText}`;
    if (res.status === 401 && !opts.allowUnauthorized) {
      csrfToken = null;
      onUnauthorized();
    }
    throw new ApiError(res.status, code, message);
  }
  return data as T;
}
