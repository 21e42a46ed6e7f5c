/**
 * Fleet: `GET /api/v1/fleet/hosts?page=N&per_page=S` from 0, until `meta.has_next_results` is
 * false (or, from servers without `meta`, a page is short). Hosts of other platforms are skipped.
 */
import {
  addPage,
  type Endpoint,
  type Ingest,
  jsonObject,
  NO_PAGES,
  numberedPages,
  type PageTotals,
  type PullOptions,
} from '../connector.ts';

const FLEET_PAGE_SIZE = 100;

/** Fleet hosts that are phones or tablets; the rest (macOS, Windows, Linux) are not Vigil's. */
const FLEET_MOBILE = new Set(['ios', 'ipados', 'android']);

export async function pullFleet(ingest: Ingest, endpoint: Endpoint, opts: PullOptions): Promise<PageTotals> {
  const perPage = opts.pageSize ?? FLEET_PAGE_SIZE;
  let total = NO_PAGES;
  let skipped = 0;
  for await (const { text } of numberedPages(endpoint, 'per_page', perPage, opts)) {
    const body = jsonObject(text);
    const hosts = body?.hosts;
    let delivery = text;
    if (body !== null && Array.isArray(hosts)) {
      const mobile = hosts.filter((h) => {
        const platform =
          typeof h === 'object' && h !== null ? (h as { platform?: unknown }).platform : undefined;
        return typeof platform !== 'string' || FLEET_MOBILE.has(platform);
      });
      skipped += hosts.length - mobile.length;
      delivery = JSON.stringify({ hosts: mobile });
    }
    total = addPage(total, await ingest(Buffer.from(delivery)));
    const more = (body?.meta as { has_next_results?: unknown } | undefined)?.has_next_results;
    const count = Array.isArray(hosts) ? hosts.length : 0;
    if (more === false || (more !== true && count < perPage)) break;
  }
  return { ...total, skipped };
}
