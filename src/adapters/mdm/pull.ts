/**
 * Scheduled pulls: feeds (SOFA, KEV, Android patch levels) and MDM inventories (Intune's Graph
 * pages via `@odata.nextLink`, Jamf Pro's `page`/`page-size`, Android Management's
 * `pageToken`, Fleet's `page`/`per_page`, MicroMDM's one-answer device list), each page
 * ingested as one delivery, so a pull interrupted half-way is simply resumed by the next
 * (re-deliveries are skipped).
 */
import type { IntegrationsConfig } from '../../config.ts';
import { VigilError } from '../../core/errors.ts';
import { INTEL_KINDS } from '../../core/intel/feeds.ts';
import type { IngestResult } from '../../services/connectors/connector.service.ts';
import type { Services } from '../../services/index.ts';
import type { IntelImportResult } from '../../services/intel/intel.service.ts';
import { type FetchOptions, fetchText } from './http.ts';
import { ingestDelivery } from './index.ts';

/** Stops runaway pagination (a server that always answers with a next page). */
const MAX_PAGES = 10_000;
export const JAMF_PAGE_SIZE = 500;
/** `enterprises.devices.list` returns at most 100 per page. */
const AMAPI_PAGE_SIZE = 100;
const FLEET_PAGE_SIZE = 100;

type IntelServices = Pick<Services, 'intel'>;
type ConnectorServices = Pick<Services, 'connectors'>;

/** Imports every configured feed; INTEL_SOURCE_UNCONFIGURED when none is. */
export async function updateIntel(
  services: IntelServices,
  feeds: IntegrationsConfig['feeds'],
  actor: string,
  opts: FetchOptions = {},
): Promise<IntelImportResult[]> {
  const results: IntelImportResult[] = [];
  for (const kind of INTEL_KINDS) {
    const url = feeds[kind];
    if (url === null) continue;
    results.push(await services.intel.import(kind, await fetchText(url, opts), url, actor));
  }
  if (results.length === 0) {
    throw new VigilError(
      'INTEL_SOURCE_UNCONFIGURED',
      'no feed URL is configured (VIGIL_SOFA_URL, VIGIL_KEV_URL, VIGIL_ANDROID_PATCH_URL)',
    );
  }
  return results;
}

export interface PullResult {
  readonly source: string;
  readonly pages: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly unmatched: number;
}

function add(total: PullResult, r: IngestResult): PullResult {
  return {
    source: total.source,
    pages: total.pages + 1,
    recorded: total.recorded + r.recorded,
    duplicates: total.duplicates + r.duplicates,
    unmatched: total.unmatched + r.unmatched,
  };
}

function auth(token: string | null, opts: FetchOptions): FetchOptions {
  return token === null ? opts : { ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } };
}

/** Intune: GET the managedDevices URL, then follow `@odata.nextLink` until there is none. */
export async function pullIntune(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
): Promise<PullResult> {
  let total: PullResult = { source: 'intune', pages: 0, recorded: 0, duplicates: 0, unmatched: 0 };
  let next: string | null = endpoint.url;
  while (next !== null && total.pages < MAX_PAGES) {
    const text = await fetchText(next, auth(endpoint.token, opts));
    total = add(total, await ingestDelivery(services, 'intune', Buffer.from(text), {}, actor));
    const link = (JSON.parse(text) as Record<string, unknown>)['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? link : null;
  }
  return total;
}

/** Jamf Pro: `?page=N&page-size=S` from 0 while pages are full and below `totalCount`. */
export async function pullJamf(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
  pageSize = JAMF_PAGE_SIZE,
): Promise<PullResult> {
  let total: PullResult = { source: 'jamf', pages: 0, recorded: 0, duplicates: 0, unmatched: 0 };
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(endpoint.url);
    url.searchParams.set('page', String(page));
    url.searchParams.set('page-size', String(pageSize));
    const text = await fetchText(url.toString(), auth(endpoint.token, opts));
    total = add(total, await ingestDelivery(services, 'jamf', Buffer.from(text), {}, actor));
    const body = JSON.parse(text) as { totalCount?: unknown; results?: unknown };
    const count = Array.isArray(body.results) ? body.results.length : 0;
    const totalCount = typeof body.totalCount === 'number' ? body.totalCount : null;
    if (count < pageSize || (totalCount !== null && (page + 1) * pageSize >= totalCount)) break;
  }
  return total;
}

/** The JSON object of a page, or null when it is not one (the connector then names the fault). */
function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Pages of a Google list method: `pageSize`, then `pageToken` = the last `nextPageToken`. */
async function* googlePages(
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

/**
 * Android Management API: every Policy of the enterprise (`enterprises.policies.list`, next to
 * the configured `enterprises/{id}/devices` URL), then `enterprises.devices.list` page by page,
 * each page ingested with the policies its devices apply (they give the sensor settings).
 */
export async function pullAndroidManagement(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
  pageSize = AMAPI_PAGE_SIZE,
): Promise<PullResult> {
  const o = auth(endpoint.token, opts);
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
  let total: PullResult = {
    source: 'android-management',
    pages: 0,
    recorded: 0,
    duplicates: 0,
    unmatched: 0,
  };
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
    total = add(
      total,
      await ingestDelivery(services, 'android-management', Buffer.from(delivery), {}, actor),
    );
  }
  return total;
}

/** Fleet hosts that are phones or tablets; the rest (macOS, Windows, Linux) are not Vigil's. */
const FLEET_MOBILE = new Set(['ios', 'ipados', 'android']);

/**
 * Fleet: `GET /api/v1/fleet/hosts?page=N&per_page=S` from 0, until `meta.has_next_results` is
 * false (or, from servers without `meta`, a page is short). Hosts of other platforms are skipped.
 */
export async function pullFleet(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
  perPage = FLEET_PAGE_SIZE,
): Promise<PullResult & { skipped: number }> {
  let total: PullResult = { source: 'fleet', pages: 0, recorded: 0, duplicates: 0, unmatched: 0 };
  let skipped = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(endpoint.url);
    url.searchParams.set('page', String(page));
    url.searchParams.set('per_page', String(perPage));
    const text = await fetchText(url.toString(), auth(endpoint.token, opts));
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
    total = add(total, await ingestDelivery(services, 'fleet', Buffer.from(delivery), {}, actor));
    const more = (body?.meta as { has_next_results?: unknown } | undefined)?.has_next_results;
    const count = Array.isArray(hosts) ? hosts.length : 0;
    if (more === false || (more !== true && count < perPage)) break;
  }
  return { ...total, skipped };
}

/**
 * Apple MDM through MicroMDM: `GET /v1/devices` with a JSON options body, as `mdmctl get
 * devices` sends it, authenticated as `micromdm` with the API key. One answer holds every
 * device: MicroMDM's stores ignore its `page`/`per_page` options, so asking page by page would
 * only repeat it.
 */
export async function pullAppleMdm(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
): Promise<PullResult> {
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
  const r = await ingestDelivery(services, 'apple-mdm', Buffer.from(text), {}, actor);
  return add({ source: 'apple-mdm', pages: 0, recorded: 0, duplicates: 0, unmatched: 0 }, r);
}

/** Every configured MDM pull. */
export async function pullAll(
  services: ConnectorServices,
  pulls: IntegrationsConfig['pulls'],
  actor: string,
  opts: FetchOptions = {},
): Promise<PullResult[]> {
  const out: PullResult[] = [];
  if (pulls.intune !== null) out.push(await pullIntune(services, pulls.intune, actor, opts));
  if (pulls.jamf !== null) out.push(await pullJamf(services, pulls.jamf, actor, opts));
  if (pulls.androidManagement !== null) {
    out.push(await pullAndroidManagement(services, pulls.androidManagement, actor, opts));
  }
  if (pulls.fleet !== null) out.push(await pullFleet(services, pulls.fleet, actor, opts));
  if (pulls.appleMdm !== null) out.push(await pullAppleMdm(services, pulls.appleMdm, actor, opts));
  return out;
}

/** Whether any MDM pull is configured. */
function anyPull(pulls: IntegrationsConfig['pulls']): boolean {
  return Object.values(pulls).some((p) => p !== null);
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs the feed update and the MDM pulls now and then every interval, in the serving process.
 * A failed run is logged and retried at the next interval; `stop` waits for a run in progress.
 */
export function startIntegrationLoops(
  services: IntelServices & ConnectorServices,
  config: IntegrationsConfig,
  logger: Logger,
): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  const loop = (name: string, intervalMs: number, run: () => Promise<unknown>) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const p = run()
        .then((result) => logger.info({ result }, `${name} done`))
        .catch((err: unknown) => logger.error({ err }, `${name} failed`))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    tick();
    const t = setInterval(tick, intervalMs);
    t.unref();
    timers.push(t);
  };
  const { feeds, pulls } = config;
  if (feeds.sofa !== null || feeds.kev !== null || feeds.android !== null) {
    loop('intel update', config.intelIntervalMs, () => updateIntel(services, feeds, 'system:intel'));
  }
  if (anyPull(pulls)) {
    loop('mdm pull', config.pullIntervalMs, () => pullAll(services, pulls, 'system:mdm-pull'));
  }
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
