import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { type Command, Option } from 'commander';
import { stringify } from 'yaml';
import { ENFORCEMENT_TARGETS, type EnforcementTarget } from '../../core/enforcement/index.ts';
import { VigilError } from '../../core/errors.ts';
import { DEVICE_ROLES, type DeviceRole } from '../../core/model.ts';
import {
  compareProtocols,
  compileProtocol,
  formatComparison,
  type ProtocolDocument,
  type ProtocolProblem,
  parseProtocolText,
  protocolProblemsError,
  resolveProtocol,
} from '../../core/protocol/index.ts';
import { toIso } from '../../core/time.ts';
import type { Runtime } from '../../runtime.ts';
import { readBaselines } from '../../runtime.ts';
import { atInputSchema, reasonInputSchema } from '../../services/kernel/schemas.ts';
import { type CompiledEnforcement, compileDocument } from '../../services/protocols/protocol.service.ts';
import { protocolVersionView } from '../../services/protocols/views.ts';
import { loadProfileSigner } from '../signing/profile-signer.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { readTextFile } from './files.ts';
import { validate } from './inventory.command.ts';
import { count, json, table } from './io.ts';

const AT_HELP = 'when it took effect, back-filling a past decision (ISO 8601; default now)';

/** A user named on the command line: the audit identity `cli:USER` and the person behind it. */
async function namedUser(rt: Runtime, username: string) {
  const user = (await rt.services.users.list()).find((u) => u.username === username);
  if (user === undefined || user.disabledAt !== null) {
    throw new VigilError('USER_NOT_FOUND', `no enabled user is named ${username}`);
  }
  return user;
}

/**
 * Protocols named on the command line resolve without the database when they can: files, then
 * the shipped baselines. That keeps `validate` and `compare` usable while a server holds the
 * embedded database; stored custom protocols are looked up in the database.
 */
function offlineCatalog(cwd: string, files: readonly string[]) {
  const docs = new Map<string, ProtocolDocument>();
  const problems: ProtocolProblem[] = [];
  for (const b of readBaselines()) {
    const r = parseProtocolText(b.text, b.file);
    if (r.ok) docs.set(r.document.metadata.name, r.document);
  }
  const named = new Map<string, ProtocolDocument>();
  for (const f of files) {
    const r = parseProtocolText(readTextFile(f, cwd), f);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    docs.set(r.document.metadata.name, r.document);
    named.set(f, r.document);
  }
  return { docs, named, problems };
}

const looksLikeFile = (arg: string, cwd: string) =>
  /\.(ya?ml|json)$/i.test(arg) || arg.includes('/') || existsSync(`${cwd}/${arg}`);

export function registerProtocolCommands(program: Command, env: CommandEnv): void {
  const protocol = program
    .command('protocol')
    .description('Protocols as code: list, show, validate, compare, add');

  protocol
    .command('list')
    .description('Protocols stored, with the version in force now')
    .action(() =>
      env.withRuntime(async (rt) => {
        const list = await rt.services.protocols.list();
        env.io.out(
          env.json()
            ? json(list)
            : table(
                ['NAME', 'VERSION', 'EXTENDS', 'IN FORCE SINCE', 'TITLE'],
                list.map((p) => [p.name, p.version, p.extends ?? '-', p.effectiveAt, p.title]),
              ),
        );
      }),
    );

  protocol
    .command('show')
    .description('A stored protocol, resolved (what it extends merged in)')
    .argument('<name>', 'protocol name')
    .action((name: string) =>
      env.withRuntime(async (rt) => {
        const p = await rt.services.protocols.show(name);
        if (env.json()) {
          env.io.out(
            json({
              resolved: p.resolved,
              version: protocolVersionView(p.version),
              history: p.history.map(protocolVersionView),
            }),
          );
          return;
        }
        env.io.out(
          `# ${name} ${p.version.version}, in force since ${toIso(p.version.effectiveAt)} (resolved)`,
        );
        env.io.out(stringify(p.resolved).trimEnd());
        for (const v of p.history.map(protocolVersionView).filter((x) => x.state === 'proposed')) {
          env.io.out(`# proposed: ${v.version} by ${v.recordedBy}, awaiting another person's approval`);
        }
      }),
    );

  protocol
    .command('validate')
    .description('Check protocol files: syntax, schema, extends chain and citations (exit 2 on problems)')
    .argument('<files...>', 'protocol files (YAML or JSON)')
    .action(async (files: string[]) => {
      const { docs, named, problems } = offlineCatalog(env.io.cwd, files);
      for (const [file, doc] of named) {
        try {
          compileProtocol(resolveProtocol(doc.metadata.name, (n) => docs.get(n)));
        } catch (err) {
          if (!(err instanceof VigilError)) throw err;
          const details = err.details ?? [];
          if (details.length === 0)
            problems.push({ file, path: 'metadata.extends', line: null, column: null, message: err.message });
          for (const d of details)
            problems.push({ file, path: d.path, line: null, column: null, message: d.message });
        }
      }
      if (problems.length > 0) {
        // The error lists each problem (stderr); --json also puts them on stdout for scripts.
        if (env.json()) env.io.out(json({ valid: false, problems }));
        throw protocolProblemsError(problems);
      }
      env.io.out(env.json() ? json({ valid: true, problems: [] }) : `${files.join(', ')}: valid`);
    });

  protocol
    .command('compare')
    .description('Every setting in which two protocols differ, side by side')
    .argument('<a>', 'protocol name or file')
    .argument('<b>', 'protocol name or file')
    .action(async (a: string, b: string) => {
      const files = [a, b].filter((x) => looksLikeFile(x, env.io.cwd));
      const { docs, named, problems } = offlineCatalog(env.io.cwd, files);
      if (problems.length > 0) throw protocolProblemsError(problems);
      const nameOf = (arg: string) => named.get(arg)?.metadata.name ?? arg;
      let resolved: [ProtocolDocument, ProtocolDocument];
      if (docs.has(nameOf(a)) && docs.has(nameOf(b))) {
        resolved = [
          resolveProtocol(nameOf(a), (n) => docs.get(n)),
          resolveProtocol(nameOf(b), (n) => docs.get(n)),
        ];
      } else {
        resolved = await env.withRuntime(async (rt) => {
          const r = await rt.services.protocols.compare(nameOf(a), nameOf(b));
          return [r.a, r.b];
        });
      }
      const differences = compareProtocols(resolved[0], resolved[1]);
      env.io.out(
        env.json()
          ? json({ a: nameOf(a), b: nameOf(b), differences })
          : differences.length === 0
            ? `${nameOf(a)} and ${nameOf(b)} require the same.`
            : formatComparison(nameOf(a), nameOf(b), differences),
      );
    });

  protocol
    .command('add')
    .description(
      'Store a protocol file as a new version (in force from now, or --effective-at; proposed when the protocol asks for a second person)',
    )
    .argument('<file>', 'protocol file')
    .option('--effective-at <instant>', 'in force from (ISO 8601)')
    .option('--as <user>', 'who proposes it (recorded as cli:USER; that person may not approve it)')
    .action((file: string, o: { effectiveAt?: string; as?: string }) =>
      env.withRuntime(async (rt) => {
        const text = readTextFile(file, env.io.cwd);
        const actor = o.as === undefined ? CLI_ACTOR : `${CLI_ACTOR}:${(await namedUser(rt, o.as)).username}`;
        const v = await rt.services.protocols.put(
          { text, ...(o.effectiveAt === undefined ? {} : { effectiveAt: o.effectiveAt }) },
          actor,
        );
        env.io.out(
          env.json()
            ? json(protocolVersionView(v))
            : v.approval === 'two-person'
              ? `Proposed ${v.name} ${v.version} (effective ${toIso(v.effectiveAt)}): it governs nothing until another person approves it (vigil protocol approve ${v.name} --version ${v.version} --as USER).`
              : `Stored ${v.name} ${v.version}, in force from ${toIso(v.effectiveAt)}.`,
        );
      }),
    );

  protocol
    .command('proposals')
    .description('Protocol versions awaiting a second person')
    .action(() =>
      env.withRuntime(async (rt) => {
        const list = (await rt.services.protocols.proposals()).map((p) => ({
          ...protocolVersionView(p.version),
          proposerPersonId: p.proposerPersonId,
        }));
        env.io.out(
          env.json()
            ? json(list)
            : table(
                ['NAME', 'VERSION', 'EFFECTIVE', 'PROPOSED BY', 'RECORDED'],
                list.map((v) => [v.name, v.version, v.effectiveAt, v.recordedBy, v.recordedAt]),
              ),
        );
      }),
    );

  protocol
    .command('approve')
    .description('Approve a proposed version as a named officer (never its proposer)')
    .argument('<name>', 'protocol name')
    .requiredOption('--version <version>', 'the proposed version (metadata.version)')
    .requiredOption('--as <user>', 'the officer who approves (recorded as cli:USER)')
    .option('--at <instant>', AT_HELP)
    .action((name: string, o: { version: string; as: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const user = await namedUser(rt, o.as);
        // As over HTTP: an officer approves, never an administrator.
        if (user.role !== 'officer') {
          throw new VigilError('AUTH_FORBIDDEN', `${o.as} is ${user.role}: an officer approves`);
        }
        const input = validate(atInputSchema, o.at === undefined ? {} : { at: o.at });
        const v = await rt.services.protocols.approve(
          name,
          o.version,
          { actor: `${CLI_ACTOR}:${user.username}`, personId: user.personId },
          input,
        );
        const view = protocolVersionView(v);
        env.io.out(
          env.json()
            ? json(view)
            : `Approved ${v.name} ${v.version}: in force from ${view.inForceFrom ?? '-'}.`,
        );
      }),
    );

  protocol
    .command('reject')
    .description('Reject a proposed version (its proposer may withdraw it): it never governs')
    .argument('<name>', 'protocol name')
    .requiredOption('--version <version>', 'the proposed version (metadata.version)')
    .requiredOption('--reason <text>', 'why')
    .option('--as <user>', 'who rejects (recorded as cli:USER)')
    .option('--at <instant>', AT_HELP)
    .action((name: string, o: { version: string; reason: string; as?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const user = o.as === undefined ? null : await namedUser(rt, o.as);
        if (user !== null && user.role !== 'officer' && user.role !== 'admin') {
          throw new VigilError('AUTH_FORBIDDEN', `${o.as} is ${user.role}: an officer or admin rejects`);
        }
        const input = validate(reasonInputSchema, {
          reason: o.reason,
          ...(o.at === undefined ? {} : { at: o.at }),
        });
        const v = await rt.services.protocols.reject(
          name,
          o.version,
          {
            actor: user === null ? CLI_ACTOR : `${CLI_ACTOR}:${user.username}`,
            personId: user?.personId ?? null,
          },
          input,
        );
        env.io.out(env.json() ? json(protocolVersionView(v)) : `Rejected ${v.name} ${v.version}.`);
      }),
    );

  protocol
    .command('compile')
    .description(
      'Compile a protocol into what an MDM applies: Apple profile or DDM, Android Management API, Intune',
    )
    .argument('<protocol>', 'protocol name (the version in force now) or file')
    .addOption(
      new Option('--target <target>', 'what to compile for')
        .choices(ENFORCEMENT_TARGETS)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--role <role>', 'only this phone role (default: every role it states)').choices(
        DEVICE_ROLES,
      ),
    )
    .option('--out <dir>', 'write the artifacts into this folder (needed when there are several)')
    .option('--profile-url <url>', "where the MDM serves the profile (DDM's legacy configuration)")
    .option('--explain', 'say how the target covers each setting: enforced, reported or attested')
    .option('--sign-cert <file>', 'sign the Apple profile with this PEM certificate (with --sign-key)')
    .option('--sign-key <file>', 'the PEM private key of --sign-cert (read from the file only)')
    .action(
      async (
        arg: string,
        o: {
          target: EnforcementTarget;
          role?: DeviceRole;
          out?: string;
          profileUrl?: string;
          explain?: boolean;
          signCert?: string;
          signKey?: string;
        },
      ) => {
        const sign = signingOption(env, o);
        const input = { target: o.target, role: o.role, profileUrl: o.profileUrl };
        let result: CompiledEnforcement;
        if (looksLikeFile(arg, env.io.cwd)) {
          const { docs, named, problems } = offlineCatalog(env.io.cwd, [arg]);
          if (problems.length > 0) throw protocolProblemsError(problems);
          const doc = named.get(arg);
          if (doc === undefined) throw new VigilError('PROTOCOL_NOT_FOUND', `no protocol in ${arg}`);
          result = compileDocument(
            resolveProtocol(doc.metadata.name, (n) => docs.get(n)),
            doc.metadata.version,
            input,
          );
        } else {
          result = await env.withRuntime((rt) => rt.services.protocols.compileFor(arg, input, CLI_ACTOR));
        }
        printCompiled(env, result, o, sign);
      },
    );
}

type Sign = ((content: string) => Buffer) | null;

/** The signer named by --sign-cert and --sign-key, checked before anything is compiled. */
function signingOption(
  env: CommandEnv,
  o: { target: EnforcementTarget; out?: string; signCert?: string; signKey?: string },
): Sign {
  if (o.signCert === undefined && o.signKey === undefined) return null;
  if (o.signCert === undefined || o.signKey === undefined)
    throw new VigilError('CLI_USAGE', '--sign-cert and --sign-key go together');
  if (o.target !== 'apple-profile')
    throw new VigilError('CLI_USAGE', 'only Apple profiles are signed: use --target apple-profile');
  if (o.out === undefined)
    throw new VigilError('CLI_USAGE', 'a signed profile is binary: name a folder with --out <dir>');
  const signer = loadProfileSigner(o.signCert, o.signKey, env.io.cwd);
  return (content) => signer.sign(content);
}

function printCompiled(
  env: CommandEnv,
  r: CompiledEnforcement,
  o: { out?: string; explain?: boolean },
  sign: Sign,
): void {
  // A signed profile's own SHA-256 is given beside the profile's (the one recorded).
  const signed = new Map<string, { bytes: Buffer; sha256: string }>();
  if (sign !== null)
    for (const a of r.artifacts) {
      const bytes = sign(a.content);
      signed.set(a.file, { bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  if (o.out !== undefined) {
    const dir = resolvePath(env.io.cwd, o.out);
    mkdirSync(dir, { recursive: true });
    for (const a of r.artifacts)
      writeFileSync(resolvePath(dir, a.file), signed.get(a.file)?.bytes ?? a.content);
  } else if (!env.json() && !o.explain && r.artifacts.length !== 1) {
    throw new VigilError(
      'CLI_USAGE',
      `${count(r.artifacts.length, 'artifact')}: name a folder with --out <dir>`,
    );
  }
  if (env.json()) {
    const artifacts = r.artifacts.map((a) => ({
      role: a.role,
      file: a.file,
      mediaType: a.mediaType,
      sha256: a.sha256,
      ...(signed.has(a.file) ? { signedSha256: signed.get(a.file)?.sha256 } : {}),
      ...(o.out === undefined ? { content: a.content } : {}),
    }));
    env.io.out(
      json({ protocol: r.protocol, version: r.version, target: r.target, artifacts, coverage: r.coverage }),
    );
    return;
  }
  if (o.out === undefined && !o.explain) {
    env.io.out((r.artifacts[0]?.content ?? '').replace(/\n$/, ''));
    return;
  }
  const lines = [`${r.protocol} ${r.version} for ${r.target}${sign === null ? '' : ', signed'}:`];
  lines.push(
    sign === null
      ? table(
          ['FILE', 'SHA-256'],
          r.artifacts.map((a) => [a.file, a.sha256]),
        )
      : table(
          ['FILE', 'SHA-256 (PROFILE)', 'SHA-256 (SIGNED FILE)'],
          r.artifacts.map((a) => [a.file, a.sha256, signed.get(a.file)?.sha256 ?? '-']),
        ),
  );
  if (o.explain)
    lines.push(
      '',
      r.coverage.length === 0
        ? 'The protocol states no setting for these roles.'
        : table(
            ['ROLE', 'SETTING', 'FOR', 'COVERAGE', 'HOW'],
            r.coverage.map((c) => [c.role, c.setting, c.column, c.level, c.how]),
          ),
    );
  env.io.out(lines.join('\n'));
}
