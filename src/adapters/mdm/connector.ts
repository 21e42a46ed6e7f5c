/**
 * The connector record: everything Vigil knows about one MDM source, declared once in
 * `<source>/connector.ts` and listed in registry.ts. The import (source name → parser), the
 * scheduled pulls, the pull configuration, the CLI arguments, the HTTP route's enum and the
 * READMEs' connector tables are all derived from these records.
 */
import { z } from 'zod';
import type { Artifact, EnforcementTarget } from '../../core/enforcement/index.ts';
import type { DeviceRole } from '../../core/model.ts';
import type { IngestResult } from '../../services/connectors/connector.service.ts';
import type { OwnedObject } from '../../services/enforcement/ports.ts';
import type {
  MovedDevice,
  PushedArtifact,
  PushedAssignment,
  RetiredObject,
} from '../../services/enforcement/push.service.ts';
import type { Parse } from './common.ts';
import { type FetchOptions, fetchText } from './http.ts';

export interface PullResult {
  readonly source: string;
  readonly pages: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly unmatched: number;
  /** Records the source holds that are not Vigil's (Fleet's laptops); absent when none can be. */
  readonly skipped?: number;
}

/** Records one page of a pull as one delivery of the connector's own source. */
export type Ingest = (body: Buffer) => Promise<IngestResult>;

export interface PullOptions extends FetchOptions {
  /** Records per page asked of paged APIs (tests use small pages); each pull has its default. */
  readonly pageSize?: number;
}

export interface ConnectorPull<C> {
  /**
   * Reads the pull's settings from the environment. Its input object's keys are the
   * variables; once any of them is set the schema must accept them all, so a partially
   * configured pull is CONFIG_INVALID rather than silently skipped.
   */
  readonly env: z.ZodPipe<z.ZodObject, z.ZodType<C>>;
  /** What the variables mean, one Markdown line for the READMEs. */
  readonly doc: string;
  /** Fetches every page and ingests each as one delivery (a re-pull records nothing twice). */
  run(ingest: Ingest, config: C, opts: PullOptions): Promise<Omit<PullResult, 'source'>>;
}

/** What one push is given: the compiled artifacts, and who may be told of them. */
export interface PushJob {
  readonly protocol: string;
  readonly artifacts: readonly Artifact[];
  /**
   * The MDM's ids of the devices a role's artifacts are for, on the target's platform (DDM
   * notifies them; AMAPI moves them onto the role's policy).
   */
  enrollments(role: DeviceRole): Promise<string[]>;
  /**
   * The objects Vigil created at this MDM for this protocol (per the push receipts) that the
   * push supersedes: not among `current` (what this push left in the MDM), in the roles pushed
   * (every role, when the push was for the whole protocol). Only these may be removed.
   */
  superseded(current: readonly Pick<PushedArtifact, 'remoteId'>[]): OwnedObject[];
}

export interface PushOutcome {
  readonly artifacts: PushedArtifact[];
  /** Enrollments sent the DeclarativeManagement command (DDM), 0 otherwise. */
  readonly notified: number;
  /** Groups the MDM's objects were assigned to (Intune), when the push assigns any. */
  readonly assignments?: PushedAssignment[];
  /** What became of the superseded objects (removed, gone, kept). */
  readonly retired?: RetiredObject[];
  /** Devices moved onto their role's policy (AMAPI). */
  readonly moved?: MovedDevice[];
}

export interface ConnectorPush<P> {
  /** What the protocol is compiled for before the push (the compiler finds the rest). */
  readonly target: EnforcementTarget;
  /**
   * The push's own variables, when its API is not the pull's (a DDM server beside the MDM);
   * without them the push uses the pull's settings.
   */
  readonly env?: z.ZodPipe<z.ZodObject, z.ZodType<P>>;
  /** What the push does and where, one Markdown line for the READMEs. */
  readonly doc: string;
  /** Sends every artifact, idempotently: what the MDM already holds is left as it is. */
  run(job: PushJob, config: P, opts: FetchOptions): Promise<PushOutcome>;
}

export interface Connector<N extends string = string, C = unknown, P = C> {
  /** The source name in `POST /connectors/<name>`, `vigil mdm import <name>` and audit events. */
  readonly name: N;
  /** The product, as people call it ("Microsoft Intune"). */
  readonly title: string;
  /** What a delivery may hold, one Markdown line for the READMEs and the API description. */
  readonly accepts: string;
  readonly parse: Parse;
  /** The scheduled pull, for sources with an inventory API. */
  readonly pull?: ConnectorPull<C>;
  /** Sending compiled protocols to the MDM, for sources that take configuration. */
  readonly push?: ConnectorPush<P>;
}

/** Declares a connector, keeping its name literal and its pull's and push's settings typed. */
export function defineConnector<const N extends string, C = never, P = C>(
  c: Connector<N, C, P>,
): Connector<N, C, P> {
  return c;
}

/** The variables a pull reads, in declaration order. */
export function pullVariables(pull: Pick<ConnectorPull<unknown>, 'env'>): string[] {
  return Object.keys(pull.env.in.shape);
}

/** The variables that must be set for the pull to run (the others have defaults or are optional). */
export function requiredVariables(pull: ConnectorPull<unknown>): string[] {
  return Object.entries(pull.env.in.shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);
}

/** The settings of most pulls: an API URL and, optionally, its credential. */
export interface Endpoint {
  readonly url: string;
  readonly token: string | null;
}

/** The environment schema of an {@link Endpoint}: `urlVariable` required, `tokenVariable` optional. */
export function endpointEnv(urlVariable: string, tokenVariable: string) {
  return z
    .object({
      [urlVariable]: z.url({ protocol: /^https?$/ }),
      [tokenVariable]: z.string().min(1).optional(),
    })
    .transform((e): Endpoint => ({ url: String(e[urlVariable]), token: e[tokenVariable] ?? null }));
}

// -- what the pulls share

/** Stops runaway pagination (a server that always answers with a next page). */
export const MAX_PAGES = 10_000;

export type PageTotals = Omit<PullResult, 'source'>;

export const NO_PAGES: PageTotals = { pages: 0, recorded: 0, duplicates: 0, unmatched: 0 };

/** The totals after one more ingested page. */
export function addPage(total: PageTotals, r: IngestResult): PageTotals {
  return {
    ...total,
    pages: total.pages + 1,
    recorded: total.recorded + r.recorded,
    duplicates: total.duplicates + r.duplicates,
    unmatched: total.unmatched + r.unmatched,
  };
}

/** The options with HTTP basic credentials added, when there is a key (NanoMDM, KMFDDM, MicroMDM). */
export function basic(user: string, key: string | null, opts: FetchOptions): FetchOptions {
  if (key === null) return opts;
  const authorization = `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
  return { ...opts, headers: { ...opts.headers, authorization } };
}

/** The options with a bearer token added, when there is one. */
export function bearer(token: string | null, opts: FetchOptions): FetchOptions {
  return token === null ? opts : { ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } };
}

/**
 * Pages numbered from 0 (`page=N` and `<sizeParam>=S`, the URL's own query kept), fetched with
 * the endpoint's bearer token; the caller stops (`break`) when its API says it has had the last.
 */
export async function* numberedPages(
  endpoint: Endpoint,
  sizeParam: string,
  pageSize: number,
  opts: FetchOptions,
): AsyncGenerator<{ page: number; text: string }> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(endpoint.url);
    url.searchParams.set('page', String(page));
    url.searchParams.set(sizeParam, String(pageSize));
    yield { page, text: await fetchText(url.toString(), bearer(endpoint.token, opts)) };
  }
}

/** The JSON object of a page, or null when it is not one (the parser then names the fault). */
export function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// -- what the pushes share

/** JSON with keys sorted at every level, so two values compare by content. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * Whether what an MDM holds already says everything `wanted` says (fields it adds of its own,
 * ids, versions, timestamps, are ignored), so a push can leave it untouched.
 */
export function holdsAll(
  existing: unknown,
  wanted: Readonly<Record<string, unknown>>,
  skip: readonly string[] = [],
): boolean {
  if (typeof existing !== 'object' || existing === null) return false;
  const e = existing as Record<string, unknown>;
  return Object.entries(wanted).every(([k, v]) => skip.includes(k) || canonical(e[k]) === canonical(v));
}

/** The JSON object an artifact holds (the compiler's output, so a failure here is a bug). */
export function artifactObject(content: string): Record<string, unknown> {
  const v = jsonObject(content);
  if (v === null) throw new Error('a compiled artifact is not a JSON object');
  return v;
}
