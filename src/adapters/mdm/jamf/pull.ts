/** Jamf Pro: `?page=N&page-size=S` from 0 while pages are full and below `totalCount`. */
import {
  addPage,
  type Endpoint,
  type Ingest,
  NO_PAGES,
  numberedPages,
  type PageTotals,
  type PullOptions,
} from '../connector.ts';

export const JAMF_PAGE_SIZE = 500;

export async function pullJamf(ingest: Ingest, endpoint: Endpoint, opts: PullOptions): Promise<PageTotals> {
  const pageSize = opts.pageSize ?? JAMF_PAGE_SIZE;
  let total = NO_PAGES;
  for await (const { page, text } of numberedPages(endpoint, 'page-size', pageSize, opts)) {
    total = addPage(total, await ingest(Buffer.from(text)));
    const body = JSON.parse(text) as { totalCount?: unknown; results?: unknown };
    const count = Array.isArray(body.results) ? body.results.length : 0;
    const totalCount = typeof body.totalCount === 'number' ? body.totalCount : null;
    if (count < pageSize || (totalCount !== null && (page + 1) * pageSize >= totalCount)) break;
  }
  return total;
}
