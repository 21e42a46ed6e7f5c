import type { Command } from 'commander';
import type { z } from 'zod';
import { VigilError } from '../../core/errors.ts';
import { toIso } from '../../core/time.ts';
import { deviceInputSchema, personInputSchema } from '../../services/inventory/schemas.ts';
import { deviceDetailView, deviceView, personView } from '../../services/inventory/views.ts';
import { postureInputSchema } from '../../services/posture/schemas.ts';
import { postureView } from '../../services/posture/views.ts';
import { osReleaseInputSchema } from '../../services/releases/schemas.ts';
import { releaseView } from '../../services/releases/views.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { parseDataFile, readTextFile } from './files.ts';
import { count, json, table } from './io.ts';

/** Validates CLI input with the same schema the API uses, listing every problem. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  throw new VigilError('VALIDATION_FAILED', `invalid input (${count(details.length, 'problem')})`, details);
}

const dropUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function registerInventoryCommands(program: Command, env: CommandEnv): void {
  program
    .command('import')
    .description('Import a fleet document (YAML or JSON; schema in docs/fleet.schema.json); all or nothing')
    .argument('<file>', 'fleet document')
    .action(async (file: string) => {
      const text = readTextFile(file, env.io.cwd);
      const value = parseDataFile(text, file, 'IMPORT_INVALID');
      await env.withRuntime(async (rt) => {
        const s = await rt.services.fleetImport.importDocument(value, text, CLI_ACTOR);
        env.io.out(
          env.json()
            ? json(s)
            : `Imported ${count(s.people, 'person', 'people')}, ${count(s.devices, 'device')}, ${count(s.posture, 'posture report')}, ${count(s.inspections, 'inspection')}, ${count(s.rotations, 'rotation')}, ${count(s.osReleases, 'OS release')}; history: ${count(s.assignments, 'assignment')}, ${count(s.swaps, 'swap')}, ${count(s.refusals, 'refusal')}, ${count(s.waivers, 'waiver')}, ${count(s.incidents, 'incident')}, ${count(s.detections, 'detection')}, ${count(s.acknowledgements, 'acknowledgement')}.`,
        );
      });
    });

  const person = program
    .command('person')
    .description('People: principals, staff, and operators (the security office who use Vigil)');
  person
    .command('list')
    .description('List people')
    .action(() =>
      env.withRuntime(async (rt) => {
        const people = await rt.services.inventory.listPeople();
        env.io.out(
          env.json()
            ? json(people.map(personView))
            : table(
                ['ID', 'NAME', 'KIND', 'PROTOCOL', 'PRINCIPAL'],
                people.map((p) => [p.id, p.name, p.kind, p.protocol ?? '-', p.principalId ?? '-']),
              ),
        );
      }),
    );
  person
    .command('add')
    .description('Add a person')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--kind <kind>', 'principal, staff or operator')
    .option('--id <id>', 'id (generated when omitted)')
    .option('--protocol <name>', 'protocol governing this person')
    .option('--principal <id>', 'for staff: the principal they serve')
    .option('--email <email>', 'e-mail address for notices')
    .option('--since <instant>', 'from when the person counts (ISO 8601; default now, never in the future)')
    .action((o: Record<string, string | undefined>) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          personInputSchema,
          dropUndefined({
            id: o.id,
            name: o.name,
            kind: o.kind,
            protocol: o.protocol,
            principalId: o.principal,
            email: o.email,
            since: o.since,
          }),
        );
        const p = await rt.services.inventory.createPerson(input, CLI_ACTOR);
        env.io.out(env.json() ? json(personView(p)) : `Added ${p.kind} ${p.name} (${p.id}).`);
      }),
    );
  person
    .command('assign')
    .description('Place a person under a protocol from now (or --at)')
    .argument('<id>', 'person id')
    .argument('<protocol>', 'protocol name, or "none"')
    .option('--at <instant>', 'effective from (ISO 8601)')
    .action((id: string, protocol: string, o: { at?: string }) =>
      env.withRuntime(async (rt) => {
        const p = await rt.services.inventory.assignProtocol(
          id,
          { protocol: protocol === 'none' ? null : protocol, ...(o.at === undefined ? {} : { at: o.at }) },
          CLI_ACTOR,
        );
        env.io.out(
          env.json() ? json(personView(p)) : `${p.name} is now under ${p.protocol ?? 'no protocol'}.`,
        );
      }),
    );

  const device = program.command('device').description('Devices: issued and personal');
  device
    .command('list')
    .description('List devices with their current status and holder')
    .option('--holder <id>', 'only devices held by this person')
    .action((o: { holder?: string }) =>
      env.withRuntime(async (rt) => {
        const devices = await rt.services.inventory.listDevices(
          o.holder === undefined ? {} : { holderId: o.holder },
        );
        env.io.out(
          env.json()
            ? json(devices.map(deviceView))
            : table(
                ['ID', 'MODEL', 'PLATFORM', 'OWNERSHIP', 'ROLE', 'STATUS', 'HOLDER / LOCATION'],
                devices.map((d) => [
                  d.id,
                  d.model,
                  d.platform,
                  d.ownership,
                  d.role,
                  d.status ?? '-',
                  d.holderId ?? d.location ?? '-',
                ]),
              ),
        );
      }),
    );
  device
    .command('show')
    .description(
      'A device with its custody chain, status history, posture and checks; with --as-of and/or --known-at, as it stood on a past day',
    )
    .argument('<id>', 'device id')
    .option('--as-of <instant>', 'the facts in force at this ISO 8601 instant (default now)')
    .option('--known-at <instant>', 'only the facts Vigil had recorded by this instant ("as known then")')
    .action((id: string, o: { asOf?: string; knownAt?: string }) =>
      env.withRuntime(async (rt) => {
        const d = await rt.services.inventory.getDevice(id, { asOf: o.asOf, knownAt: o.knownAt });
        if (env.json()) {
          env.io.out(json(deviceDetailView(d)));
          return;
        }
        const v = d.device;
        // In a past view, each fact says when Vigil learnt it: a back-filled record reads differently.
        const past = d.asOf !== null || d.knownAt !== null;
        const rec = (r: { recordedAt: number }) => (past ? `  (recorded ${toIso(r.recordedAt)})` : '');
        if (past)
          env.io.out(
            `As of ${toIso(d.asOf ?? 0)}, ${d.knownAt === null ? 'by everything known now' : `as known at ${toIso(d.knownAt)}`}:`,
          );
        env.io.out(`${v.id}  ${v.model} (${v.platform}), ${v.ownership}, role ${v.role}, serial ${v.serial}`);
        env.io.out(`status ${v.status ?? '-'}; held by ${v.holderId ?? v.location ?? 'nobody'}`);
        env.io.out('\nCustody:');
        for (const c of d.custody)
          env.io.out(
            `  ${toIso(c.at)}  ${c.holderId ?? `(stored) ${c.location ?? ''}`}  recorded by ${c.recordedBy}${rec(c)}`,
          );
        env.io.out('Status:');
        for (const s of d.statuses)
          env.io.out(`  ${toIso(s.at)}  ${s.status}${s.reason ? ` (${s.reason})` : ''}${rec(s)}`);
        env.io.out('Security checks:');
        for (const i of d.inspections)
          env.io.out(`  ${toIso(i.at)}  ${i.method}  ${i.result}  by ${i.performedBy}${rec(i)}`);
        env.io.out('Posture (newest first):');
        for (const p of d.posture) {
          const sensors = Object.entries(p.sensors)
            .map(([k, r]) => `${k} ${r.state}`)
            .join(', ');
          env.io.out(
            `  ${toIso(p.observedAt)}  ${p.source}  ${p.osVersion ?? p.patchLevel ?? '?'}  ${sensors}${past ? `  (received ${toIso(p.receivedAt)})` : ''}`,
          );
        }
      }),
    );
  device
    .command('add')
    .description('Register a device')
    .requiredOption('--serial <serial>', 'serial number')
    .requiredOption('--platform <platform>', 'ios or android')
    .requiredOption('--model <model>', 'model name')
    .requiredOption('--ownership <ownership>', 'issued or personal')
    .requiredOption('--role <role>', 'calls, social, news or general')
    .option('--id <id>', 'id (generated when omitted)')
    .option('--imei <imei>', 'IMEI')
    .option('--holder <id>', 'person holding it')
    .option('--issued-at <instant>', 'when it was issued (ISO 8601)')
    .action((o: Record<string, string | undefined>) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          deviceInputSchema,
          dropUndefined({
            id: o.id,
            serial: o.serial,
            platform: o.platform,
            model: o.model,
            ownership: o.ownership,
            role: o.role,
            imei: o.imei,
            holderId: o.holder,
            issuedAt: o.issuedAt,
          }),
        );
        const d = await rt.services.inventory.registerDevice(input, CLI_ACTOR);
        env.io.out(env.json() ? json(deviceView(d)) : `Registered ${d.model} ${d.id}.`);
      }),
    );

  program
    .command('posture')
    .description('Record posture reports from a JSON or YAML file (one report or a list)')
    .argument('<file>', 'posture report(s), the shape of POST /api/v1/posture')
    .action((file: string) =>
      env.withRuntime(async (rt) => {
        const value = parseDataFile(readTextFile(file, env.io.cwd), file, 'VALIDATION_FAILED');
        const reports = (Array.isArray(value) ? value : [value]).map((v) => validate(postureInputSchema, v));
        const saved = [];
        for (const r of reports) saved.push(await rt.services.posture.record(r, CLI_ACTOR));
        env.io.out(env.json() ? json(saved.map(postureView)) : `Recorded ${saved.length} posture report(s).`);
      }),
    );

  const releases = program.command('os-release').description('OS releases known to Vigil (for os.outdated)');
  releases.command('list').action(() =>
    env.withRuntime(async (rt) => {
      const list = await rt.services.releases.list();
      env.io.out(
        env.json()
          ? json(list.map(releaseView))
          : table(
              ['PLATFORM', 'VERSION', 'BUILD', 'RELEASED'],
              list.map((r) => [r.platform, r.version, r.build ?? '-', toIso(r.releasedAt)]),
            ),
      );
    }),
  );
  releases
    .command('add')
    .requiredOption('--platform <platform>', 'ios or android')
    .requiredOption('--version <version>', 'e.g. 18.6.2, or an Android patch level 2026-05-01')
    .requiredOption('--released-at <instant>', 'release date (ISO 8601)')
    .option('--build <build>', 'build number')
    .action((o: Record<string, string | undefined>) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          osReleaseInputSchema,
          dropUndefined({
            platform: o.platform,
            version: o.version,
            releasedAt: o.releasedAt,
            build: o.build,
          }),
        );
        const r = await rt.services.releases.record(input, CLI_ACTOR);
        env.io.out(env.json() ? json(releaseView(r)) : `Recorded ${r.platform} ${r.version}.`);
      }),
    );
}
