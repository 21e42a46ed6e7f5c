/**
 * The SIEM stream on a real database: the file resumes after a restart (and after a crash that
 * left half a line) with every event exactly once and in order; the loop streams what commits
 * while it runs; the webhook is signed, retried after a failure with the same id, and resumes
 * from its cursor.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET } from '../../../test/support/webhook-receiver.ts';
import { loadConfig } from '../../config.ts';
import { createServices, type Services } from '../../services/index.ts';
import type { Database } from '../db/client.ts';
import { systemClock, systemRandom, ulidIds } from '../system.ts';
import { openStreamFile } from './file-sink.ts';
import { pumpToFile, pumpToWebhook, startSiemLoops } from './stream.ts';
import { readCursor, siemWebhook } from './webhook-sink.ts';

let db: Database;
let services: Services;
let dir: string;
let people = 0;

beforeAll(async () => {
  db = await openTestDatabase();
  services = createServices({ uow: db.uow, clock: systemClock, ids: ulidIds(), random: systemRandom });
  dir = mkdtempSync(join(tmpdir(), 'vigil-siem-'));
});

afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Appends `n` audit events (one per new person) and integrates them into the log. */
async function addEvents(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    people++;
    await services.inventory.createPerson({ name: `Person ${people}`, kind: 'principal' }, 'test');
  }
  await services.auditLog.integrateAll();
}

const seqsIn = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { seq: number }).seq);

async function allSeqs(): Promise<number[]> {
  return (await services.audit.list({ limit: 100_000 })).map((e) => e.seq);
}

const silent = { info: () => {}, error: () => {} };

describe('the stream file', () => {
  it('resumes after a restart and after a torn last line, without duplicates or gaps', async () => {
    const path = join(dir, 'resume.jsonl');
    await addEvents(5);
    let file = openStreamFile(path);
    expect(file.lastSeq).toBe(0);
    expect(await pumpToFile(services.exports, file, 2)).toBe(5); // several batches
    file.close();

    await addEvents(3);
    appendFileSync(path, '{"seq":999,"type":"person.cr'); // a crash mid-write
    file = openStreamFile(path);
    expect(file.lastSeq).toBe((await allSeqs())[4]);
    expect(await pumpToFile(services.exports, file, 100)).toBe(3);
    expect(await pumpToFile(services.exports, file, 100)).toBe(0); // nothing new: nothing written
    file.close();
    expect(seqsIn(path)).toEqual(await allSeqs());
  });

  it('refuses to append to a file that is not a Vigil stream', () => {
    const path = join(dir, 'other.txt');
    appendFileSync(path, 'not json\n');
    expect(() => openStreamFile(path)).toThrow(/not Vigil's/);
  });

  it('the loop streams events as they commit, and a restarted loop carries on', async () => {
    const path = join(dir, 'loop.jsonl');
    const config = {
      file: path,
      url: null,
      secret: null,
      allowInsecureHttp: false,
      cursorFile: join(dir, 'unused.cursor'),
      intervalMs: 20,
      batch: 3,
      timeoutMs: 1000,
    };
    let loop = startSiemLoops(services.exports, config, silent);
    await addEvents(4);
    await expect.poll(() => seqsIn(path).length, { timeout: 5000 }).toBe((await allSeqs()).length);
    await loop.stop();
    await addEvents(4); // while stopped
    loop = startSiemLoops(services.exports, config, silent);
    await addEvents(2);
    await expect.poll(() => seqsIn(path).length, { timeout: 5000 }).toBe((await allSeqs()).length);
    await loop.stop();
    expect(seqsIn(path)).toEqual(await allSeqs());
  });
});

describe('the SIEM webhook', () => {
  it('signs batches, retries a failed one with the same id, and resumes from its cursor', async () => {
    const receiver = await startWebhookReceiver(TEST_WEBHOOK_SECRET);
    try {
      const cursorFile = join(dir, 'hook.cursor');
      const hook = siemWebhook({ url: receiver.url, secret: TEST_WEBHOOK_SECRET, timeoutMs: 2000 });
      await addEvents(2);
      receiver.failNext(1, 503);
      await expect(pumpToWebhook(services.exports, hook, cursorFile, 1000)).rejects.toThrow(/HTTP 503/);
      expect(readCursor(cursorFile)).toBe(0);
      const sent = await pumpToWebhook(services.exports, hook, cursorFile, 1000);
      const all = await allSeqs();
      expect(sent).toBe(all.length);
      expect(readCursor(cursorFile)).toBe(all.at(-1));
      const [failed, ok] = receiver.received;
      expect(failed?.status).toBe(503);
      expect(ok?.status).toBe(204);
      expect(ok?.id).toBe(failed?.id); // the same batch, so the receiver can deduplicate
      expect(ok?.payload.type).toBe('audit.events');
      const events = ok?.payload.data.events as { seq: number }[];
      expect(events.map((e) => e.seq)).toEqual(all);

      await addEvents(1);
      expect(await pumpToWebhook(services.exports, hook, cursorFile, 1000)).toBe(1);
      expect(receiver.rejected).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});

describe('configuration', () => {
  it("needs a secret to sign the SIEM webhook, and defaults to the notices' one", () => {
    expect(() => loadConfig({ VIGIL_SIEM_URL: 'http://127.0.0.1:9/siem' }, dir)).toThrow(/VIGIL_SIEM_URL/);
    const c = loadConfig(
      {
        VIGIL_SIEM_URL: 'http://127.0.0.1:9/siem',
        VIGIL_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        VIGIL_SIEM_FILE: 'a.jsonl',
      },
      dir,
    );
    expect(c.siem).toMatchObject({ secret: TEST_WEBHOOK_SECRET, file: join(dir, 'a.jsonl'), batch: 500 });
    expect(c.siem.cursorFile).toBe(join(dir, '.vigil', 'siem-webhook.cursor'));
  });
});
