/**
 * A C2SP tlog-witness v1 client (add-checkpoint) over fetch. It only transports: the caller
 * builds the consistency proof and verifies the returned cosignature with the witness's key.
 */
import { encodeBase64 } from '../../core/audit/tlog/encoding.ts';
import type { WitnessClient } from '../../services/audit/ports.ts';

/** tlog-witness: a proof has at most 63 hashes. */
const MAX_PROOF = 63;

export interface WitnessClientOptions {
  /** Per request; a witness that does not answer in time counts as unreachable (status 0). */
  readonly timeoutMs?: number;
}

export function createWitnessClient(opts: WitnessClientOptions = {}): WitnessClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    async addCheckpoint({ url, oldSize, proof, note }) {
      if (!Number.isSafeInteger(oldSize) || oldSize < 0 || proof.length > MAX_PROOF)
        return { ok: false, status: 0, message: 'bad request: old size or proof length out of range' };
      const body = `old ${oldSize}\n${proof.map((h) => `${encodeBase64(h)}\n`).join('')}\n${note}`;
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${url.replace(/\/+$/, '')}/add-checkpoint`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        return {
          ok: false,
          status: 0,
          message: `witness unreachable: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
      if (res.status === 200) {
        // One or more signature lines; anything else is not a cosignature.
        if (
          text === '' ||
          !text.endsWith('\n') ||
          !text
            .split('\n')
            .slice(0, -1)
            .every((l) => l.startsWith('\u2014 '))
        )
          return { ok: false, status: 200, message: 'the witness answered 200 without cosignature lines' };
        return { ok: true, cosignature: text };
      }
      const message = text.trim().slice(0, 300) || res.statusText;
      if (res.status === 409) {
        // Body "<size>\n" (text/x.tlog.size): the size the witness holds, to prove from.
        const m = /^(0|[1-9][0-9]*)\n?$/.exec(text);
        const size = m === null ? Number.NaN : Number(m[1]);
        if (Number.isSafeInteger(size))
          return { ok: false, status: 409, witnessSize: size, message: `the witness holds size ${size}` };
        return { ok: false, status: 409, message: `conflict, without a readable size: ${message}` };
      }
      return { ok: false, status: res.status, message: `${explain(res.status)}: ${message}` };
    },
  };
}

function explain(status: number): string {
  switch (status) {
    case 400:
      return 'malformed request (e.g. old size beyond the checkpoint)';
    case 403:
      return 'the witness does not trust the log signature';
    case 404:
      return 'the witness does not know this log origin';
    case 422:
      return 'the checkpoint is not consistent with what the witness saw';
    default:
      return `HTTP ${status}`;
  }
}
