/**
 * `vigil audit …`: the verifiable audit log from the command line. `key`, `checkpoint` and
 * `export` work on the local database; `verify` needs no database at all: it checks an
 * exported bundle, or a server's log fetched over HTTP, against the log's public key and a
 * checkpoint saved earlier, and trusts nothing the server says.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { type LogBundle, verifyBundle } from '../../core/audit/tlog/bundle.ts';
import { TlogError } from '../../core/audit/tlog/errors.ts';
import { VigilError } from '../../core/errors.ts';
import { installNextLogKey, loadOrCreateLogKey, prepareNextLogKey } from '../audit-log/key-file.ts';
import { systemRandom } from '../system.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { count, json } from './io.ts';

const bundleSchema = z.object({
  format: z.literal('vigil-audit-bundle/v1'),
  origin: z.string(),
  verifierKey: z.string(),
  checkpoint: z.string(),
  checkpoints: z.array(z.string()),
  entries: z.array(
    z.object({ index: z.number().int().min(0), entry: z.string(), leafHash: z.string().optional() }),
  ),
  witnesses: z.array(z.object({ vkey: z.string() })).optional(),
  keys: z.array(z.object({ vkey: z.string(), transition: z.string().nullable() })).optional(),
});

function badInput(message: string): VigilError {
  return new VigilError('AUDIT_BUNDLE_INVALID', message);
}

function readText(path: string, cwd: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new VigilError('FILE_UNREADABLE', `cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

function parseBundle(text: string, what: string): LogBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badInput(`${what} is not JSON`);
  }
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    throw badInput(
      `${what} is not a vigil-audit-bundle/v1: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const b = parsed.data;
  return {
    format: b.format,
    origin: b.origin,
    verifierKey: b.verifierKey,
    checkpoint: b.checkpoint,
    checkpoints: b.checkpoints,
    entries: b.entries.map((e) => ({
      index: e.index,
      entry: e.entry,
      ...(e.leafHash === undefined ? {} : { leafHash: e.leafHash }),
    })),
    ...(b.witnesses === undefined ? {} : { witnesses: b.witnesses }),
    ...(b.keys === undefined ? {} : { keys: b.keys }),
  };
}

const PAGE = 1000;

/** Fetches the server's latest checkpoint and every entry up to it, as a bundle. */
async function fetchBundle(server: string, token: string): Promise<LogBundle> {
  const base = server.replace(/\/+$/, '');
  const get = async (path: string): Promise<unknown> => {
    // The token goes to this server only: a redirect (anywhere) is a failure, not followed.
    const res = await fetch(`${base}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'error',
    });
    if (!res.ok) {
      const body = await res.text();
      const message = `GET ${path} answered ${res.status}: ${body.slice(0, 200)}`;
      // A refused token or a bad URL is the caller's input; a failing server is not.
      if (res.status < 500) throw badInput(message);
      throw new Error(message);
    }
    return res.json();
  };
  const cp = z
    .object({ note: z.string(), size: z.number().int().min(0), verifierKey: z.string() })
    .safeParse(await get('/audit/checkpoint'));
  if (!cp.success) throw badInput('the server’s checkpoint answer is malformed');
  const entries: { index: number; entry: string; leafHash: string }[] = [];
  const page = z.object({
    entries: z.array(z.object({ index: z.number(), entry: z.string(), leafHash: z.string() })),
  });
  for (let start = 0; start < cp.data.size; start += PAGE) {
    const r = page.safeParse(
      await get(`/audit/entries?start=${start}&end=${Math.min(cp.data.size, start + PAGE)}`),
    );
    if (!r.success) throw badInput('the server’s entries answer is malformed');
    for (const e of r.data.entries) entries.push({ index: e.index, entry: e.entry, leafHash: e.leafHash });
  }
  // The key history lets a verifier holding an earlier key follow a rotation (docs/adr/0024).
  const keys = z
    .object({ keys: z.array(z.object({ vkey: z.string(), transition: z.string().nullable() })) })
    .safeParse(await get('/audit/keys'));
  if (!keys.success) throw badInput('the server’s key history answer is malformed');
  return {
    format: 'vigil-audit-bundle/v1',
    origin: cp.data.note.slice(0, cp.data.note.indexOf('\n')),
    verifierKey: cp.data.verifierKey,
    checkpoint: cp.data.note,
    checkpoints: [],
    entries,
    ...(keys.data.keys.length > 1 ? { keys: keys.data.keys } : {}),
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAuditCommands(program: Command, env: CommandEnv): void {
  const audit = program
    .command('audit')
    .description(
      'The verifiable audit log: key, checkpoint, export, verify (events are never changed or deleted)',
    );

  audit
    .command('key')
    .description('Print the log’s public verifier key (vkey); publish it so anyone can check checkpoints')
    .action(() => {
      const config = loadConfig(env.io.env, env.io.cwd);
      const key = loadOrCreateLogKey(config.auditLog.keyFile, config.auditLog.origin, systemRandom);
      env.io.out(env.json() ? json({ origin: key.origin, verifierKey: key.verifierKey }) : key.verifierKey);
    });

  audit
    .command('checkpoint')
    .description('Integrate pending events and sign a checkpoint now if the log grew; print the latest')
    .action(() =>
      env.withRuntime(async (rt) => {
        const cp = await rt.services.auditLog.checkpoint();
        env.io.out(env.json() ? json({ ...cp, at: new Date(cp.at).toISOString() }) : cp.note.trimEnd());
      }),
    );

  audit
    .command('rotate-key')
    .description(
      'Replace the log signing key: the old key and the new one sign a key-transition checkpoint naming the new key, which signs from then on (records audit.key-rotated). Publish the new verifier key',
    )
    .action(() =>
      env.withRuntime(async (rt) => {
        const { keyFile, origin } = rt.config.auditLog;
        const next = prepareNextLogKey(keyFile, origin, systemRandom);
        const rotated = await rt.services.auditLog.rotateKey(next, CLI_ACTOR);
        // Only now that the database names the new key does it replace the file (and the old key).
        installNextLogKey(keyFile, origin);
        if (env.json()) env.io.out(json(rotated));
        else {
          env.io.out(rotated.to);
          env.io.err(
            `Rotated the log key at size ${rotated.size}; the old key is retired and deleted. Publish the new verifier key above; exported bundles carry the transition, so verifiers holding the old key follow it.`,
          );
        }
      }),
    );

  audit
    .command('export')
    .description(
      'Write a self-contained, offline-verifiable bundle of the whole log (records an audit.exported event)',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action((o: { out?: string }) =>
      env.withRuntime(async (rt) => {
        const bundle = await rt.services.auditLog.exportBundle(CLI_ACTOR);
        const text = `${JSON.stringify(bundle, null, 2)}\n`;
        if (o.out === undefined) env.io.out(text.trimEnd());
        else {
          writeFileSync(resolve(env.io.cwd, o.out), text);
          env.io.err(`Exported ${count(bundle.entries.length, 'entry', 'entries')} to ${o.out}.`);
        }
      }),
    );

  audit
    .command('verify')
    .description(
      'Verify a bundle (offline) or a server’s log: signature, every entry, root, and consistency with --since. Exit 0 verified, 1 something differs, 2 bad input',
    )
    .option('--bundle <file>', 'an exported bundle')
    .option('--server <url>', 'a Vigil server, e.g. https://vigil.example.org')
    .option('--token <token>', 'bearer token for --server (admin, officer or auditor)')
    .option('--since <file>', 'a checkpoint saved by an earlier run (--save): the log must extend it')
    .option('--key <vkey>', 'the log’s verifier key you trust (default: the one in the bundle, weaker)')
    .option('--witness <vkey>', 'a witness key whose cosignature counts (repeatable)', collect, [])
    .option('--quorum <n>', 'cosignatures required from --witness keys', '0')
    .option('--save <file>', 'when verified, save the checkpoint for the next --since')
    .action(
      async (o: {
        bundle?: string;
        server?: string;
        token?: string;
        since?: string;
        key?: string;
        witness: string[];
        quorum: string;
        save?: string;
      }) => {
        if ((o.bundle === undefined) === (o.server === undefined)) {
          throw new VigilError('CLI_USAGE', 'give either --bundle FILE or --server URL --token TOKEN');
        }
        if (o.server !== undefined && o.token === undefined) {
          throw new VigilError('CLI_USAGE', '--server needs --token');
        }
        const quorum = Number(o.quorum);
        if (!Number.isInteger(quorum) || quorum < 0)
          throw new VigilError('CLI_USAGE', '--quorum must be an integer >= 0');
        const since = o.since === undefined ? undefined : readText(o.since, env.io.cwd, 'checkpoint');
        let bundle =
          o.bundle !== undefined
            ? parseBundle(readText(o.bundle, env.io.cwd, 'bundle'), o.bundle)
            : await fetchBundle(o.server ?? '', o.token ?? '');
        if (o.witness.length > 0) {
          bundle = {
            ...bundle,
            witnesses: [...(bundle.witnesses ?? []), ...o.witness.map((vkey) => ({ vkey }))],
          };
        }
        let report: ReturnType<typeof verifyBundle>;
        try {
          report = verifyBundle(bundle, {
            ...(o.key === undefined ? {} : { trustedKey: o.key }),
            ...(since === undefined ? {} : { since }),
            ...(quorum === 0 ? {} : { witnessQuorum: quorum }),
          });
        } catch (err) {
          if (err instanceof TlogError) throw badInput(err.message);
          throw err;
        }
        if (env.json()) env.io.out(json(report));
        if (!report.ok) {
          const first = report.problems[0];
          if (!env.json()) {
            env.io.out(`NOT VERIFIED: ${count(report.problems.length, 'problem')}`);
            for (const p of report.problems.slice(0, 10)) {
              env.io.out(`  ${p.code}${p.index === undefined ? '' : ` at entry ${p.index}`}: ${p.message}`);
            }
          }
          if (first?.index !== undefined) env.io.err(`first bad entry: ${first.index}`);
          env.setExitCode(1); // 1 = findings: the log does not verify
          return;
        }
        if (o.save !== undefined) writeFileSync(resolve(env.io.cwd, o.save), bundle.checkpoint);
        if (!env.json()) {
          env.io.out(`verified: ${bundle.origin} size ${report.size} root ${report.root}`);
          for (const p of report.problems) env.io.out(`  note: ${p.code}: ${p.message}`);
        }
      },
    );
}
