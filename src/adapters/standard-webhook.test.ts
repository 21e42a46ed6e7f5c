/**
 * The signed webhooks (notices, SIEM) follow the rules of credentialed requests: no plain
 * http:// to a host other than loopback unless allowed, in the configuration and in the sender;
 * no redirect to another origin (nothing reaches it); a 307 within the origin is followed, body
 * and signature with it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from '../../test/support/webhook-receiver.ts';
import { loadConfig } from '../config.ts';
import { webhookChannel } from './notify/webhook.ts';
import { siemWebhook } from './siem/webhook-sink.ts';
import { standardWebhookPost } from './standard-webhook.ts';

let receiver: WebhookReceiver;
let redirector: Server;
let redirectorBase: string;
let elsewhereHits = 0;
let elsewhere: Server;
let elsewhereBase: string;
const movedBodies: string[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  elsewhere = createServer((req, res) => {
    elsewhereHits++;
    req.resume();
    res.writeHead(204).end();
  });
  // Another origin: the same loopback server named by another host.
  elsewhereBase = (await listen(elsewhere)).replace('127.0.0.1', 'localhost');
  redirector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/away') res.writeHead(307, { location: `${elsewhereBase}/collect` }).end();
      else if (req.url === '/moved') res.writeHead(308, { location: '/here' }).end();
      else if (req.url === '/here') {
        movedBodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(204).end();
      } else res.writeHead(404).end();
    });
  });
  redirectorBase = await listen(redirector);
});

afterAll(async () => {
  await receiver.close();
  for (const s of [redirector, elsewhere]) await new Promise((resolve) => s.close(resolve));
});

const codeOf = (p: Promise<unknown> | (() => unknown)) =>
  Promise.resolve()
    .then(() => (typeof p === 'function' ? p() : p))
    .then(
      () => 'resolved',
      (e: { code?: string }) => e.code,
    );

const opts = { secret: TEST_WEBHOOK_SECRET, timeoutMs: 2000, name: 'webhook:1' };

describe('plain http://', () => {
  it('is refused to a host other than loopback, for notices and the SIEM stream alike', async () => {
    const url = 'http://siem.example.invalid/hooks';
    expect(await codeOf(() => standardWebhookPost({ ...opts, url }))).toBe('OUTBOUND_INSECURE_URL');
    expect(await codeOf(() => webhookChannel({ ...opts, url }))).toBe('OUTBOUND_INSECURE_URL');
    expect(await codeOf(() => siemWebhook({ url, secret: TEST_WEBHOOK_SECRET, timeoutMs: 2000 }))).toBe(
      'OUTBOUND_INSECURE_URL',
    );
  });

  it('is sent when explicitly allowed (and fails to resolve: .invalid never does)', async () => {
    const post = standardWebhookPost({
      ...opts,
      url: 'http://siem.example.invalid/hooks',
      allowInsecureHttp: true,
    });
    await expect(post('id-1', new Date(), '{}')).rejects.toThrow(/webhook:1: request failed/);
  });

  it('is allowed to loopback', async () => {
    const post = standardWebhookPost({ ...opts, url: receiver.url });
    await post('id-2', new Date(), '{"type":"t","timestamp":"2026-01-01T00:00:00Z","data":{}}');
    expect(receiver.received.at(-1)?.id).toBe('id-2');
  });

  it('is refused by the configuration unless VIGIL_ALLOW_INSECURE_HTTP=true', () => {
    const secret = { VIGIL_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET };
    for (const env of [
      { VIGIL_WEBHOOK_URL: 'https://hooks.example/a, http://hooks.example/b' },
      { VIGIL_SIEM_URL: 'http://siem.example/events' },
    ]) {
      expect(() => loadConfig({ ...secret, ...env }, '/tmp')).toThrow(/plain http:\/\//);
      const allowed = loadConfig({ ...secret, ...env, VIGIL_ALLOW_INSECURE_HTTP: 'true' }, '/tmp');
      expect(allowed.notify.allowInsecureHttp && allowed.siem.allowInsecureHttp).toBe(true);
    }
    expect(loadConfig({ ...secret, VIGIL_SIEM_URL: 'http://127.0.0.1:9/siem' }, '/tmp').siem.url).toBe(
      'http://127.0.0.1:9/siem',
    );
  });
});

describe('redirects', () => {
  it('to another origin are refused: nothing reaches it', async () => {
    const post = standardWebhookPost({ ...opts, url: `${redirectorBase}/away` });
    const before = elsewhereHits;
    expect(await codeOf(post('id-3', new Date(), '{}'))).toBe('OUTBOUND_REDIRECT_REFUSED');
    expect(elsewhereHits).toBe(before);
  });

  it('within the origin are followed (307, 308), the body with them', async () => {
    const post = standardWebhookPost({ ...opts, url: `${redirectorBase}/moved` });
    await post('id-4', new Date(), '{"n":4}');
    expect(movedBodies).toEqual(['{"n":4}']);
  });
});
