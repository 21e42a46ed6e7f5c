/**
 * A real C2SP tlog-witness (add-checkpoint) on loopback (node:http). It knows each log's origin
 * and verifier key, keeps the latest size and root it cosigned per origin (in memory), verifies
 * the log signature and the consistency proof from its stored size, answers conflicts with 409
 * and its size, and cosigns with a tlog-cosignature/v1 Ed25519 key.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Checkpoint, parseCheckpoint } from '../../src/core/audit/tlog/checkpoint.ts';
import { cosignerKeyFromSeed, parseCosignerKey } from '../../src/core/audit/tlog/cosignature.ts';
import { bytesEqual, decodeBase64 } from '../../src/core/audit/tlog/encoding.ts';
import { EMPTY_ROOT, type Hash, verifyConsistency } from '../../src/core/audit/tlog/merkle.ts';
import { openNote, parseVerifierKey, splitNote } from '../../src/core/audit/tlog/note.ts';

export interface TestWitness {
  /** The submission prefix: POST `${url}/add-checkpoint`. */
  readonly url: string;
  readonly name: string;
  /** The cosigner vkey (type 0x04) to verify its cosignatures with. */
  readonly vkey: string;
  /** What it last cosigned for an origin, if anything. */
  state(origin: string): { size: number; root: Hash } | undefined;
  /** Every answer it gave, in order (status codes). */
  readonly answers: number[];
  close(): Promise<void>;
}

export interface TestWitnessOptions {
  /** The logs it witnesses: origin and the log's verifier key. */
  readonly logs: readonly { origin: string; vkey: string }[];
  readonly name?: string;
  /** 32-byte seed of its cosigning key (default: a fixed test seed). */
  readonly seed?: Uint8Array;
  /** Unix seconds for the cosignature timestamp. */
  readonly now?: () => number;
}

class Reply extends Error {
  readonly status: number;
  readonly contentType: string;
  constructor(status: number, body: string, contentType = 'text/plain; charset=utf-8') {
    super(body);
    this.status = status;
    this.contentType = contentType;
  }
}

export async function startTestWitness(opts: TestWitnessOptions): Promise<TestWitness> {
  const name = opts.name ?? 'witness.test/w1';
  const keys = cosignerKeyFromSeed(name, opts.seed ?? new Uint8Array(32).fill(0x77));
  const cosigner = parseCosignerKey(keys.skey);
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const logs = new Map(opts.logs.map((l) => [l.origin, parseVerifierKey(l.vkey)]));
  const states = new Map<string, { size: number; root: Hash }>();
  const answers: number[] = [];

  /** The whole check-and-update runs synchronously: no other request can interleave (atomic). */
  const addCheckpoint = (body: string): string => {
    const blank = body.indexOf('\n\n');
    if (blank < 0) throw new Reply(400, 'no blank line after the proof\n');
    const [oldLine, ...proofLines] = body.slice(0, blank).split('\n');
    const note = body.slice(blank + 2);
    const m = /^old (0|[1-9][0-9]*)$/.exec(oldLine ?? '');
    if (m === null) throw new Reply(400, 'the first line is "old <size>"\n');
    const oldSize = Number(m[1]);
    if (proofLines.length > 63) throw new Reply(400, 'more than 63 proof lines\n');
    let proof: Hash[];
    let cp: Checkpoint;
    try {
      proof = proofLines.map((l) => decodeBase64(l, 'proof hash'));
      cp = parseCheckpoint(splitNote(note).body);
    } catch (e) {
      throw new Reply(400, `${e instanceof Error ? e.message : 'malformed'}\n`);
    }
    const verifier = logs.get(cp.origin);
    if (verifier === undefined) throw new Reply(404, 'unknown log origin\n');
    let checkpointBody: string;
    try {
      checkpointBody = openNote(note, [verifier]).body;
    } catch {
      throw new Reply(403, 'no valid signature by the log key\n');
    }
    if (oldSize > cp.size) throw new Reply(400, 'old size is beyond the checkpoint\n');
    const held = states.get(cp.origin) ?? { size: 0, root: EMPTY_ROOT };
    if (oldSize !== held.size) throw new Reply(409, `${held.size}\n`, 'text/x.tlog.size');
    if (cp.size === 0 && !bytesEqual(cp.root, EMPTY_ROOT))
      throw new Reply(422, 'a size-0 checkpoint has the empty root\n');
    if (oldSize === 0) {
      if (proof.length !== 0) throw new Reply(422, 'a proof from size 0 must be empty\n');
    } else {
      try {
        verifyConsistency(oldSize, cp.size, proof, held.root, cp.root);
      } catch (e) {
        throw new Reply(422, `not consistent: ${e instanceof Error ? e.message : ''}\n`);
      }
    }
    states.set(cp.origin, { size: cp.size, root: cp.root });
    return cosigner.cosign(checkpointBody, now());
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let status = 200;
      let type = 'text/plain; charset=utf-8';
      let text: string;
      if (req.method !== 'POST' || req.url !== '/add-checkpoint') {
        status = 404;
        text = 'not found\n';
      } else {
        try {
          text = addCheckpoint(Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          if (!(e instanceof Reply)) throw e;
          status = e.status;
          type = e.contentType;
          text = e.message;
        }
      }
      answers.push(status);
      res.writeHead(status, { 'content-type': type }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    name,
    vkey: keys.vkey,
    state: (origin) => states.get(origin),
    answers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
