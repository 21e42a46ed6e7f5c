/**
 * Apple MDM through MicroMDM: `GET /v1/devices` with a JSON options body, as `mdmctl get
 * devices` sends it, authenticated as `micromdm` with the API key. One answer holds every
 * device: MicroMDM's stores ignore its `page`/`per_page` options, so asking page by page would
 * only repeat it.
 */
import {
  addPage,
  type Endpoint,
  type Ingest,
  NO_PAGES,
  type PageTotals,
  type PullOptions,
} from '../connector.ts';
import { fetchText } from '../http.ts';

export async function pullAppleMdm(
  ingest: Ingest,
  endpoint: Endpoint,
  opts: PullOptions,
): Promise<PageTotals> {
  const headers =
    endpoint.token === null
      ? opts.headers
      : {
          ...opts.headers,
          authorization: `Basic ${Buffer.from(`micromdm:${endpoint.token}`).toString('base64')}`,
        };
  const text = await fetchText(endpoint.url, {
    ...opts,
    ...(headers === undefined ? {} : { headers }),
    body: '{}',
  });
  return addPage(NO_PAGES, await ingest(Buffer.from(text)));
}
