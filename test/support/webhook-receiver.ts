/**
 * A real HTTP receiver of Standard Webhooks on loopback (node:http) that verifies every
 * signature with `standardwebhooks` (Webhook.verify) and counts deliveries by `webhook-id`.
 * It can answer with an error status (`failNext`) or hang without answering (`hang`), to
 * stand for a receiver that is down or a worker killed mid-delivery.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('vigil-test-webhook-secret-32byte').toString('base64')}`;

export interface ReceivedHook {
  readonly id: string;
  readonly payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** The status this receiver answered. */
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request that carried a valid signature, whatever was answered. */
  readonly received: ReceivedHook[];
  /** Requests with a missing or invalid signature (answered 401). */
  readonly rejected: number;
  /** Answer the next n valid requests with `status` (default 503). */
  failNext(n: number, status?: number): void;
  /** Stop answering (requests hang) until `hang(false)`. */
  hang(on: boolean): void;
  /** Answer each request this much later (a slow receiver). */
  delay(ms: number): void;
  /** Ids answered 2xx, with how many times each. */
  acceptedCounts(): Map<string, number>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret = TEST_WEBHOOK_SECRET): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret);
  const received: ReceivedHook[] = [];
  const state = { rejected: 0, failures: 0, failStatus: 503, hanging: false, delayMs: 0 };
  const hung: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const h of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      let payload: ReceivedHook['payload'];
      try {
        payload = verifier.verify(body, headers) as ReceivedHook['payload'];
      } catch {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      const id = headers['webhook-id'] ?? '';
      if (state.hanging) {
        received.push({ id, payload, status: 0 });
        hung.push(res);
        return;
      }
      let status = 204;
      if (state.failures > 0) {
        state.failures--;
        status = state.failStatus;
      }
      received.push({ id, payload, status });
      if (state.delayMs === 0) res.writeHead(status).end();
      else setTimeout(() => res.writeHead(status).end(), state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    get rejected() {
      return state.rejected;
    },
    failNext(n, status = 503) {
      state.failures = n;
      state.failStatus = status;
    },
    hang(on) {
      state.hanging = on;
    },
    delay(ms) {
      state.delayMs = ms;
    },
    acceptedCounts() {
      const counts = new Map<string, number>();
      for (const r of received)
        if (r.status >= 200 && r.status < 300) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
