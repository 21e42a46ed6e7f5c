/**
 * Android Management API: every Policy of the enterprise (`enterprises.policies.list`, next to
 * the configured `enterprises/{id}/devices` URL), then `enterprises.devices.list` page by page,
 * each page ingested with the policies its devices apply (they give the sensor settings).
 */
import {
  addPage,
  bearer,
  type Endpoint,
  type Ingest,
  jsonObject,
  MAX_PAGES,
  NO_PAGES,
  type PageTotals,
  type PullOptions,
} from '../connector.ts';
import { type FetchOptions, fetchText } from '../http.ts';

/** `enterprises.devices.list` returns at most 100 per page. */
export const AMAPI_PAGE_SIZE = 100;

const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Pages of a Google list method: `pageSize`, then `pageToken` = the last `nextPageToken`. */
export async function* googlePages(
  base: string,
  pageSize: number,
  opts: FetchOptions,
): AsyncGenerator<{ text: string; body: Record<string, unknown> | null }> {
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(base);
    url.searchParams.set('pageSize', String(pageSize));
    if (token === null) url.searchParams.delete('pageToken');
    else url.searchParams.set('pageToken', token);
    const text = await fetchText(url.toString(), opts);
    const body = jsonObject(text);
    yield { text, body };
    token = nonEmpty(body?.nextPageToken);
    if (token === null) return;
  }
}

export async function pullAndroidManagement(
  ingest: Ingest,
  endpoint: Endpoint,
  opts: PullOptions,
): Promise<PageTotals> {
  const pageSize = opts.pageSize ?? AMAPI_PAGE_SIZE;
  const o = bearer(endpoint.token, opts);
  const policies = new Map<string, unknown>();
  const base = new URL(endpoint.url);
  if (base.pathname.endsWith('/devices')) {
    base.pathname = `${base.pathname.slice(0, -'/devices'.length)}/policies`;
    base.search = '';
    for await (const { body } of googlePages(base.toString(), pageSize, o)) {
      const list = body?.policies;
      if (!Array.isArray(list)) continue;
      for (const p of list) {
        const name = typeof p === 'object' && p !== null ? (p as { name?: unknown }).name : undefined;
        if (typeof name === 'string') policies.set(name, p);
      }
    }
  }
  let total = NO_PAGES;
  for await (const { text, body } of googlePages(endpoint.url, pageSize, o)) {
    const devices = body?.devices;
    let delivery = text;
    if (body !== null && Array.isArray(devices)) {
      // Only the policies this page's devices apply: an unrelated policy never blocks a page.
      const used = new Set<unknown>();
      for (const d of devices) {
        if (typeof d !== 'object' || d === null) continue;
        const { appliedPolicyName, policyName } = d as { appliedPolicyName?: unknown; policyName?: unknown };
        const p = policies.get(String(appliedPolicyName ?? policyName));
        if (p !== undefined) used.add(p);
      }
      delivery = JSON.stringify({ devices, policies: [...used] });
    } else if (body !== null && devices === undefined) {
      delivery = '{"devices":[]}'; // an enterprise with no devices answers `{}`
    }
    total = addPage(total, await ingest(Buffer.from(delivery)));
  }
  return total;
}
