/** `vigil mdm`: import an MDM payload or export, pull configured MDMs, attest what MDMs cannot see. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Argument, type Command, Option } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { DEVICE_ROLES, type DeviceRole, SENSORS, type Sensor } from '../../core/model.ts';
import { parseInstant } from '../../core/time.ts';
import { requiredVariables } from '../mdm/connector.ts';
import { ingestDelivery } from '../mdm/index.ts';
import { pullAll } from '../mdm/pull.ts';
import { pushProtocol } from '../mdm/push.ts';
import { CONNECTOR_NAMES, PULLED, PUSHED } from '../mdm/registry.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { count, json } from './io.ts';

function readBytes(path: string, cwd: string): Buffer {
  try {
    return readFileSync(resolve(cwd, path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new VigilError(
      'FILE_UNREADABLE',
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`,
    );
  }
}

function instantOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = parseInstant(value);
  if (t === null)
    throw new VigilError('CLI_USAGE', `${name}: expected an ISO 8601 timestamp, got "${value}"`);
  return t;
}

export function registerMdmCommands(program: Command, env: CommandEnv): void {
  const mdm = program.command('mdm').description('Posture from MDM systems: import, pull, attest');
  mdm
    .command('import')
    .description('Import an MDM payload or export (plist, webhook JSON, API JSON, CSV) as posture reports')
    .addArgument(new Argument('<source>', 'the connector').choices(CONNECTOR_NAMES))
    .argument('<file>', 'the payload file')
    .option('--serial <serial>', 'the device, for payloads that do not name it (a profile)')
    .option('--udid <udid>', 'the device UDID, for payloads that do not name it')
    .option('--observed-at <time>', 'when the payload was observed, if it does not say')
    .action((source: string, file: string, o: { serial?: string; udid?: string; observedAt?: string }) => {
      const body = readBytes(file, env.io.cwd);
      const observedAt = instantOption(o.observedAt, '--observed-at');
      return env.withRuntime(async (rt) => {
        const r = await ingestDelivery(
          rt.services,
          source,
          body,
          { serial: o.serial, udid: o.udid, observedAt },
          CLI_ACTOR,
        );
        env.io.out(
          env.json()
            ? json(r)
            : `${r.source}: ${count(r.recorded, 'posture report')} recorded, ${r.duplicates} already known, ${count(r.unmatched, 'unknown device')} (${count(r.received, 'observation')}).`,
        );
      });
    });
  // The variables that turn each pull on, for the help and the "nothing configured" error.
  const pullVariables = PULLED.flatMap((c) => requiredVariables(c.pull)).join(', ');
  mdm
    .command('pull')
    .description(`Pull the configured MDMs now, or only the named ones (${pullVariables})`)
    .addArgument(
      new Argument('[source...]', 'pull only these (default: every configured one)').choices(
        PULLED.map((c) => c.name),
      ),
    )
    .action((sources: string[]) =>
      env.withRuntime(async (rt) => {
        const results = await pullAll(
          rt.services,
          rt.config.integrations.pulls,
          CLI_ACTOR,
          { allowInsecureHttp: rt.config.integrations.allowInsecureHttp },
          sources.length === 0 ? undefined : sources,
        );
        if (results.length === 0) {
          throw new VigilError(
            'INTEL_SOURCE_UNCONFIGURED',
            `no MDM endpoint is configured (${pullVariables})`,
          );
        }
        env.io.out(
          env.json()
            ? json(results)
            : results
                .map(
                  (r) =>
                    `${r.source}: ${count(r.pages, 'page')}, ${r.recorded} recorded, ${r.duplicates} already known, ${count(r.unmatched, 'unknown device')}.`,
                )
                .join('\n'),
        );
      }),
    );
  mdm
    .command('push')
    .description(
      'Compile a protocol for an MDM and send it there, idempotently (what went where is recorded)',
    )
    .addArgument(new Argument('<source>', 'the connector').choices(PUSHED.map((c) => c.name)))
    .requiredOption('--protocol <name>', 'the protocol (its version in force now)')
    .addOption(new Option('--role <role>', 'only this phone role').choices(DEVICE_ROLES))
    .option('--profile-url <url>', "where the MDM serves the profile (DDM's legacy configuration)")
    .option(
      '--withdraw',
      'send nothing; remove every object Vigil created there for the protocol (refused while it governs anyone)',
    )
    .action(
      (source: string, o: { protocol: string; role?: DeviceRole; profileUrl?: string; withdraw?: boolean }) =>
        env.withRuntime(async (rt) => {
          const r = await pushProtocol(
            rt.services,
            rt.config.integrations.pushes,
            { source, protocol: o.protocol, role: o.role, profileUrl: o.profileUrl, withdraw: o.withdraw },
            CLI_ACTOR,
            { allowInsecureHttp: rt.config.integrations.allowInsecureHttp },
          );
          if (env.json()) {
            env.io.out(json(r));
            return;
          }
          const first = r.artifacts[0];
          const receipt =
            first === undefined ? '' : ` at ${new Date(first.pushedAt).toISOString()} by ${first.actor}`;
          const lines = [
            r.withdrawn
              ? `${r.protocol} withdrawn from ${r.source} (${r.target}):`
              : `${r.protocol} ${r.version} pushed to ${r.source} (${r.target})${receipt}:`,
          ];
          for (const a of r.artifacts)
            lines.push(`  ${a.action.padEnd(9)} ${a.role.padEnd(8)} ${a.remoteId}  sha256 ${a.sha256}`);
          for (const a of r.assignments)
            lines.push(
              `  ${a.action.padEnd(9)} ${a.role.padEnd(8)} ${a.remoteId}  assigned to group ${a.groupId}${a.from === undefined ? '' : ` (as ${a.from} was)`}`,
            );
          for (const m of r.moved)
            lines.push(`  moved     ${m.role.padEnd(8)} ${m.device}  from ${m.from ?? '(none)'} to ${m.to}`);
          for (const o of r.retired)
            lines.push(
              `  ${o.action.padEnd(9)} ${o.role.padEnd(8)} ${o.remoteId}  (version ${o.version}: ${o.reason})`,
            );
          if (r.notified > 0) lines.push(`DeclarativeManagement sent to ${r.notified} enrollments.`);
          if (r.withdrawn && r.retired.length === 0)
            lines.push('  nothing: Vigil holds no object there for it.');
          env.io.out(lines.join('\n'));
        }),
    );
  mdm
    .command('attest')
    .description(
      'Record a named person’s attestation of a sensor state the platform cannot enforce or report',
    )
    .argument('<device>', 'device id')
    .requiredOption('--sensor <sensor>', SENSORS.join(' | '))
    .requiredOption('--state <state>', 'disabled | enabled')
    .requiredOption('--by <person>', 'who checked, by name and role')
    .option('--statement <text>', 'what was checked, and how')
    .option('--observed-at <time>', 'when it was checked (default: now)')
    .action(
      (
        device: string,
        o: { sensor: string; state: string; by: string; statement?: string; observedAt?: string },
      ) => {
        if (!(SENSORS as readonly string[]).includes(o.sensor)) {
          throw new VigilError('CLI_USAGE', `--sensor: expected ${SENSORS.join(', ')}`);
        }
        if (o.state !== 'disabled' && o.state !== 'enabled')
          throw new VigilError('CLI_USAGE', '--state: expected disabled or enabled');
        const state = o.state;
        const observedAt = instantOption(o.observedAt, '--observed-at');
        return env.withRuntime(async (rt) => {
          const report = await rt.services.connectors.attest(
            {
              deviceId: device,
              sensor: o.sensor as Sensor,
              state,
              attestedBy: o.by,
              statement: o.statement ?? null,
              observedAt,
            },
            CLI_ACTOR,
          );
          env.io.out(
            env.json()
              ? json({ id: report.id, deviceId: report.deviceId, sensor: o.sensor, state })
              : `Recorded attestation ${report.id}: ${o.sensor} ${state} on ${device}, attested by ${o.by}.`,
          );
        });
      },
    );
}
