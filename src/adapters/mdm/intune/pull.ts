/** Intune: GET the managedDevices URL, then follow `@odata.nextLink` until there is none. */
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

export async function pullIntune(ingest: Ingest, endpoint: Endpoint, opts: PullOptions): Promise<PageTotals> {
  let total = NO_PAGES;
  let next: string | null = endpoint.url;
  while (next !== null && total.pages < MAX_PAGES) {
    const text = await fetchText(next, bearer(endpoint.token, opts));
    total = addPage(total, await ingest(Buffer.from(text)));
    const link = (JSON.parse(text) as Record<string, unknown>)['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? link : null;
  }
  return total;
}
