/** Jamf Pro: `?page=N&page-size=S` from 0 while pages are full and below `totalCount`. */
import {
  addPage,
  bearer,
  type Endpoint,
  type Ingest,
  MAX_PAGES,
  NO_PAGES,
  type PageTotals,
  type PullOptions,
} from '../connector.ts';
import { fetchText } from '../http.ts';

export const JAMF_PAGE_SIZE = 500;

export async function pullJamf(ingest: Ingest, endpoint: Endpoint, opts: PullOptions): Promise<PageTotals> {
  const pageSize = opts.pageSize ?? JAMF_PAGE_SIZE;
  let total = NO_PAGES;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(endpoint.url);
    url.searchParams.set('page', String(page));
    url.searchParams.set('page-size', String(pageSize));
    const text = await fetchText(url.toString(), bearer(endpoint.token, opts));
    total = addPage(total, await ingest(Buffer.from(text)));
    const body = JSON.parse(text) as { totalCount?: unknown; results?: unknown };
    const count = Array.isArray(body.results) ? body.results.length : 0;
    const totalCount = typeof body.totalCount === 'number' ? body.totalCount : null;
    if (count < pageSize || (totalCount !== null && (page + 1) * pageSize >= totalCount)) break;
  }
  return total;
}
