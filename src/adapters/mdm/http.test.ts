/**
 * Credentials sent by the integrations' HTTP client stay with the host they were configured
 * for: a redirect to another origin (127.0.0.1 and localhost are two) is refused before
 * anything is sent there, a redirect within the origin is followed (a bounded number of
 * times), and plain http:// is refused for a credentialed request unless the host is loopback
 * or it is explicitly allowed. Requests without credentials (public feeds) are as before.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REDIRECTS } from '../outbound.ts';
import { carriesCredentials, fetchText } from './http.ts';

interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** A server that records every request and answers per `route`. */
async function serve(
  host: string,
  route: (path: string) => { status: number; location?: string; body?: string },
): Promise<{ server: Server; base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, headers: req.headers });
    const r = route(path);
    res.writeHead(r.status, r.location === undefined ? {} : { location: r.location });
    res.end(r.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://${host}:${port}`, seen };
}

let elsewhere: Awaited<ReturnType<typeof serve>>;
let origin: Awaited<ReturnType<typeof serve>>;
/** The same server as `elsewhere`, named by another host: another origin. */
let elsewhereByName: string;

beforeAll(async () => {
  elsewhere = await serve('127.0.0.1', () => ({ status: 200, body: 'stolen' }));
  elsewhereByName = elsewhere.base.replace('127.0.0.1', 'localhost');
  origin = await serve('127.0.0.1', (path) => {
    if (path === '/away') return { status: 302, location: `${elsewhereByName}/collect` };
    if (path === '/away-307') return { status: 307, location: `${elsewhereByName}/collect` };
    if (path === '/moved') return { status: 301, location: '/here' };
    if (path === '/here') return { status: 200, body: 'page' };
    if (path.startsWith('/loop')) return { status: 302, location: `/loop${path.length}` };
    return { status: 404 };
  });
});
afterAll(async () => {
  for (const s of [elsewhere, origin]) await new Promise((resolve) => s.server.close(resolve));
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('credentialed requests', () => {
  it.each([
    ['a bearer token', { authorization: 'Bearer secret-token' }, '/away'],
    ['an API key header', { 'x-api-key': 'secret-key' }, '/away'],
    ['a bearer token (307)', { authorization: 'Bearer secret-token' }, '/away-307'],
  ])('refuse a redirect to another host with %s: nothing reaches it', async (_what, headers, path) => {
    const before = elsewhere.seen.length;
    expect(await codeOf(fetchText(`${origin.base}${path}`, { headers }))).toBe('OUTBOUND_REDIRECT_REFUSED');
    expect(elsewhere.seen.length).toBe(before);
  });

  it('follow a redirect within the origin, the credential with it', async () => {
    expect(await fetchText(`${origin.base}/moved`, { headers: { authorization: 'Bearer t' } })).toBe('page');
    expect(origin.seen.at(-1)).toMatchObject({ path: '/here', headers: { authorization: 'Bearer t' } });
  });

  it(`stop after ${MAX_REDIRECTS} redirects within the origin`, async () => {
    expect(await codeOf(fetchText(`${origin.base}/loop`, { headers: { authorization: 'Bearer t' } }))).toBe(
      'OUTBOUND_REDIRECT_REFUSED',
    );
  });

  it('refuse plain http:// to a host other than loopback, unless allowed', async () => {
    const url = 'http://mdm.example.invalid/devices';
    const headers = { authorization: 'Bearer t' };
    expect(await codeOf(fetchText(url, { headers }))).toBe('OUTBOUND_INSECURE_URL');
    expect(await codeOf(fetchText(url, { headers, body: '{}' }))).toBe('OUTBOUND_INSECURE_URL');
    // Allowed: it is attempted (and fails to resolve, .invalid never does).
    expect(await codeOf(fetchText(url, { headers, allowInsecureHttp: true, maxRetries: 0 }))).toBe(
      'INTEL_FETCH_FAILED',
    );
  });

  it('allow plain http:// to loopback (local MDMs and test servers)', async () => {
    expect(await fetchText(`${origin.base}/here`, { headers: { authorization: 'Bearer t' } })).toBe('page');
    expect(
      await fetchText(`${elsewhereByName}/here`, { headers: { authorization: 'Bearer t' } }).catch(() => 'x'),
    ).toBe('stolen');
  });
});

describe('requests without credentials (public feeds)', () => {
  it('follow redirects to another host, as before', async () => {
    expect(await fetchText(`${origin.base}/away`)).toBe('stolen');
  });

  it('may use plain http://: there is nothing to protect', async () => {
    expect(await codeOf(fetchText('http://feed.example.invalid/kev.json', { maxRetries: 0 }))).toBe(
      'INTEL_FETCH_FAILED',
    );
  });
});

describe('carriesCredentials', () => {
  it.each([
    [{ authorization: 'x' }, true],
    [{ Authorization: 'x' }, true],
    [{ 'x-api-key': 'x' }, true],
    [{ 'X-Auth-Token': 'x' }, true],
    [{ cookie: 'a=b' }, true],
    [{ accept: 'application/json', 'user-agent': 'Vigil' }, false],
    [{}, false],
  ])('%o: %s', (headers, expected) => {
    expect(carriesCredentials(new URL('https://mdm.example/'), headers)).toBe(expected);
  });

  it('counts a user in the URL', () => {
    expect(carriesCredentials(new URL('https://user:pass@mdm.example/'), {})).toBe(true);
  });
});
