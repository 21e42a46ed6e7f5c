/**
 * `vigil incident open|list|show|step|close`, `vigil detection record|list`,
 * `vigil ack record|list`, `vigil zones`: the same service methods as the HTTP routes. The
 * operator at the CLI acts as an officer (it may record acknowledgements on anyone's behalf).
 */
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import type { Incident } from '../../core/lifecycle/incident.ts';
import { parseInstant, toIso } from '../../core/time.ts';
import {
  incidentCloseInputSchema,
  incidentInputSchema,
  incidentQuerySchema,
  incidentStepInputSchema,
  incidentView,
} from '../../services/incidents/schemas.ts';
import {
  acknowledgementInputSchema,
  acknowledgementQuerySchema,
  acknowledgementView,
  detectionInputSchema,
  detectionQuerySchema,
  detectionView,
} from '../../services/zones/schemas.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter((s) => s !== '')];

function printIncident(env: CommandEnv, i: Incident): void {
  const v = incidentView(i);
  env.io.out(`${v.id}  ${v.status.toUpperCase()}  ${v.compromise} compromise, ${v.severity}`);
  env.io.out(`  ${v.summary}`);
  env.io.out(
    `  devices: ${v.devices.map((d) => d.deviceId).join(', ')}; people: ${v.personIds.join(', ') || '-'}; declared ${v.openedAt} by ${v.declaredBy}`,
  );
  if (v.closedAt !== null)
    env.io.out(
      `  closed ${v.closedAt} by ${v.closedBy}: ${v.resolution}${v.closingNote ? ` (${v.closingNote})` : ''}`,
    );
  env.io.out('\nPlaybook:');
  env.io.out(
    table(
      ['STEP', 'STATUS', 'OWNER', 'WHEN', 'BY', 'TITLE / REASON'],
      v.steps.map((s) => [
        s.id,
        s.status,
        'role' in s.owner ? s.owner.role : s.owner.personId,
        s.at ?? '-',
        s.by ?? '-',
        s.reason === null ? s.title : `${s.title} (${s.reason})`,
      ]),
    ),
  );
  env.io.out('\nTimeline:');
  for (const e of v.timeline) env.io.out(`  ${e.at}  ${e.actor.padEnd(12)} ${e.text}`);
}

const AT_HELP = 'when it happened, back-filling a past event (ISO 8601; default now)';
const AS_HELP = 'the user who acts (recorded as cli:USER; their person never closes the incident)';

/** `cli`, or `cli:USER` when the operator names the user who acts. */
const actorOf = (user: string | undefined) => (user === undefined ? CLI_ACTOR : `${CLI_ACTOR}:${user}`);

export function registerIncidentCommands(program: Command, env: CommandEnv): void {
  const incident = program
    .command('incident')
    .description('Incidents: compromised devices, quarantine, containment playbook');
  incident
    .command('open')
    .description('Declare an incident; its devices are quarantined and its playbook starts')
    .requiredOption('--device <id>', 'a device concerned (repeat or comma-separate)', list)
    .requiredOption('--compromise <level>', 'suspected or confirmed')
    .requiredOption('--summary <text>', 'what was found')
    .option('--severity <level>', 'info, low, medium, high or critical (default by compromise)')
    .option('--person <id>', 'a person concerned (default: the holders)', list)
    .option('--inspection <id>', 'the security check that raised it')
    .option('--at <instant>', AT_HELP)
    .option('--as <user>', AS_HELP)
    .action(
      (o: {
        device: string[];
        compromise: string;
        summary: string;
        severity?: string;
        person?: string[];
        inspection?: string;
        at?: string;
        as?: string;
      }) =>
        env.withRuntime(async (rt) => {
          const input = validate(
            incidentInputSchema,
            defined({
              deviceIds: o.device,
              compromise: o.compromise,
              summary: o.summary,
              severity: o.severity,
              personIds: o.person,
              inspectionId: o.inspection,
              at: o.at,
            }),
          );
          const i = await rt.services.incidents.open(input, actorOf(o.as));
          if (env.json()) env.io.out(json(incidentView(i)));
          else printIncident(env, i);
        }),
    );
  incident
    .command('list')
    .description('List incidents, newest first')
    .option('--status <status>', 'open, containing, contained or closed')
    .option('--device <id>', 'only incidents naming this device')
    .action((o: { status?: string; device?: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(incidentQuerySchema, defined({ status: o.status, deviceId: o.device }));
        const incidents = await rt.services.incidents.list(defined(q));
        env.io.out(
          env.json()
            ? json(incidents.map((i) => incidentView(i)))
            : table(
                ['ID', 'STATUS', 'SEVERITY', 'DEVICES', 'OPENED', 'STEPS DONE', 'SUMMARY'],
                incidents.map((i) => [
                  i.id,
                  i.status,
                  i.severity,
                  i.devices.map((d) => d.deviceId).join(','),
                  toIso(i.openedAt),
                  `${i.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length}/${i.steps.length}`,
                  i.summary,
                ]),
              ),
        );
      }),
    );
  incident
    .command('show')
    .description('An incident with its playbook and timeline')
    .argument('<id>', 'incident id')
    .action((id: string) =>
      env.withRuntime(async (rt) => {
        const i = await rt.services.incidents.get(id);
        if (env.json()) env.io.out(json(incidentView(i)));
        else printIncident(env, i);
      }),
    );
  incident
    .command('step')
    .description('Move a playbook step forward: in-progress, done, or skipped (with --reason)')
    .argument('<id>', 'incident id')
    .argument('<step>', 'step id')
    .argument('<status>', 'in-progress, done or skipped')
    .option('--reason <text>', 'why the step is skipped (required then), or a note')
    .option('--at <instant>', AT_HELP)
    .option('--as <user>', AS_HELP)
    .action((id: string, step: string, status: string, o: { reason?: string; at?: string; as?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(incidentStepInputSchema, defined({ status, reason: o.reason, at: o.at }));
        const i = await rt.services.incidents.updateStep(id, step, input, actorOf(o.as));
        env.io.out(
          env.json() ? json(incidentView(i)) : `Step ${step} is ${status}; incident ${id} is ${i.status}.`,
        );
      }),
    );
  incident
    .command('close')
    .description(
      'Close a contained incident: cleared (devices back in service), wiped, or retained as evidence',
    )
    .argument('<id>', 'incident id')
    .requiredOption('--resolution <r>', 'cleared, wiped or retained')
    .requiredOption(
      '--closer <user>',
      'the officer or admin who closes it (recorded as cli:USER): never a person who declared it or recorded a step',
    )
    .option('--note <text>', 'closing note')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { resolution: string; closer: string; note?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          incidentCloseInputSchema,
          defined({ resolution: o.resolution, note: o.note, at: o.at }),
        );
        // A two-person rule: the CLI names the person closing, as it names a waiver's approver.
        const user = (await rt.services.users.list()).find((u) => u.username === o.closer);
        if (user === undefined || user.disabledAt !== null) {
          throw new VigilError('USER_NOT_FOUND', `no enabled user is named ${o.closer}`);
        }
        if (user.role !== 'officer' && user.role !== 'admin') {
          throw new VigilError('AUTH_FORBIDDEN', `${o.closer} is ${user.role}: an officer or admin closes`);
        }
        const i = await rt.services.incidents.close(id, input, actorOf(user.username), user.personId);
        env.io.out(
          env.json()
            ? json(incidentView(i))
            : `Closed ${id} (${o.resolution}); devices ${i.devices.map((d) => d.deviceId).join(', ')} left quarantine.`,
        );
      }),
    );

  const detection = program.command('detection').description('Device identifiers seen in secure facilities');
  detection
    .command('record')
    .description('Record a detection (identifier: imei:…, serial:… or mac-sha256:…)')
    .requiredOption('--facility <id>', 'facility id, e.g. main-building')
    .requiredOption('--identifier <id>', 'the identifier seen')
    .option('--at <instant>', AT_HELP)
    .option('--source <name>', 'sensor or check-point')
    .action((o: { facility: string; identifier: string; at?: string; source?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(detectionInputSchema, defined({ ...o }));
        const d = await rt.services.zones.recordDetection(input, CLI_ACTOR);
        env.io.out(
          env.json()
            ? json({ ...detectionView(d), violation: d.violation })
            : `Recorded ${d.id}: ${d.identifier} in ${d.facility}${d.deviceId === null ? ' (unknown device)' : ` (${d.deviceId}, held by ${d.personId ?? 'nobody'})`}${d.violation ? ' — VIOLATION' : ''}.`,
        );
      }),
    );
  detection
    .command('list')
    .description('List detections, newest first')
    .option('--facility <id>', 'only this facility')
    .option('--person <id>', 'only devices held by this person')
    .option('--since <instant>', 'only detections at or after this instant')
    .action((o: { facility?: string; person?: string; since?: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(
          detectionQuerySchema,
          defined({ facility: o.facility, personId: o.person, since: o.since }),
        );
        const since = q.since === undefined ? null : parseInstant(q.since);
        const rows = await rt.services.zones.listDetections(
          defined({ facility: q.facility, personId: q.personId, since: since ?? undefined }),
        );
        env.io.out(
          env.json()
            ? json(rows.map(detectionView))
            : table(
                ['ID', 'AT', 'FACILITY', 'IDENTIFIER', 'DEVICE', 'PERSON', 'SOURCE'],
                rows.map((d) => [
                  d.id,
                  toIso(d.at),
                  d.facility,
                  d.identifier,
                  d.deviceId ?? '-',
                  d.personId ?? '-',
                  d.source,
                ]),
              ),
        );
      }),
    );

  const ack = program.command('ack').description('Facility policy acknowledgements');
  ack
    .command('record')
    .description('Record that a person acknowledged a facility policy (the version in force)')
    .requiredOption('--person <id>', 'who acknowledged')
    .requiredOption('--facility <id>', 'facility id')
    .option('--version <v>', 'the policy version accepted (must be the one in force then)')
    .option('--at <instant>', AT_HELP)
    .action((o: { person: string; facility: string; version?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          acknowledgementInputSchema,
          defined({ personId: o.person, facility: o.facility, policyVersion: o.version, at: o.at }),
        );
        const r = await rt.services.zones.acknowledge(input, {
          actor: CLI_ACTOR,
          role: 'officer',
          personId: null,
        });
        env.io.out(
          env.json()
            ? json(acknowledgementView(r.acknowledgement))
            : `${r.created ? 'Recorded' : 'Already recorded'}: ${o.person} acknowledged ${o.facility} ${r.acknowledgement.policyVersion}.`,
        );
      }),
    );
  ack
    .command('list')
    .description('List acknowledgements, oldest first')
    .option('--person <id>', 'only this person')
    .option('--facility <id>', 'only this facility')
    .action((o: { person?: string; facility?: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(acknowledgementQuerySchema, defined({ personId: o.person, facility: o.facility }));
        const rows = await rt.services.zones.listAcknowledgements(defined(q), {
          actor: CLI_ACTOR,
          role: 'officer',
          personId: null,
        });
        env.io.out(
          env.json()
            ? json(rows.map(acknowledgementView))
            : table(
                ['PERSON', 'FACILITY', 'POLICY VERSION', 'AT'],
                rows.map((a) => [a.personId, a.facility, a.policyVersion, toIso(a.at)]),
              ),
        );
      }),
    );

  program
    .command('zones')
    .description('Facilities declared by the protocols in force, with their policies')
    .action(() =>
      env.withRuntime(async (rt) => {
        const zones = await rt.services.zones.zones();
        env.io.out(
          env.json()
            ? json(zones)
            : table(
                ['FACILITY', 'TITLE', 'PROTOCOL', 'PERSONAL DEVICES', 'ACKNOWLEDGEMENT', 'POLICY VERSION'],
                zones.map((z) => [
                  z.facility,
                  z.title,
                  z.protocol,
                  z.personalDevices,
                  z.acknowledgement,
                  z.policyVersion,
                ]),
              ),
        );
      }),
    );
}
