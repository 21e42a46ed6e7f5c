/**
 * The demo office's incidents, zones and acknowledgements, recorded through the same
 * `…InTx` commands as the API, each dated in the past relative to `now`:
 * - the chief of staff's personal phone, found compromised 30 days ago, is under an incident
 *   whose default playbook is half done (quarantined, officer notified, replacement handed
 *   over; forensic copy in progress; accounts not yet revoked);
 * - the press secretary's and the policy aide's personal phones were seen in the main
 *   building, which bans them;
 * - everyone has acknowledged the main-building policy of their protocol except the policy aide.
 */
import { requiredAcknowledgements } from '../../core/lifecycle/acknowledgement.ts';
import { DAY, type Instant, toIso } from '../../core/time.ts';
import { governingProtocolName, openIncidentInTx, updateStepInTx } from '../incidents/incident.service.ts';
import type { CommandContext, Tx } from '../kernel/command-service.ts';
import type { IdSource } from '../kernel/ports.ts';
import { compileInForce } from '../protocols/protocol.service.ts';
import { acknowledgeInTx, recordDetectionInTx } from '../zones/zone.service.ts';

/** Who has not acknowledged the facility policy in the demo. */
const DEMO_UNACKNOWLEDGED = 'policy-aide';

export async function loadDemoIncidentsInTx(
  tx: Tx<
    | 'assignments'
    | 'audit'
    | 'devices'
    | 'incidents'
    | 'inspections'
    | 'outbox'
    | 'people'
    | 'protocols'
    | 'zones'
  >,
  now: Instant,
  actor: string,
  ids: IdSource,
): Promise<void> {
  const base = Math.floor(now / 3_600_000) * 3_600_000;
  const at = (days: number, hours = 0): CommandContext => ({
    actor,
    now: base - days * DAY + hours * 3_600_000,
  });
  const as = (who: string, days: number, hours = 0): CommandContext => ({ ...at(days, hours), actor: who });

  // Acknowledgements, two months ago, of the version in force for each person.
  const protocols = compileInForce(await tx.protocols.listVersions(), at(60).now);
  for (const person of await tx.people.list()) {
    if (person.id === DEMO_UNACKNOWLEDGED) continue;
    const name = await governingProtocolName(tx, person);
    const protocol = name === null ? null : (protocols.get(name) ?? null);
    for (const req of requiredAcknowledgements(protocol)) {
      await acknowledgeInTx(tx, person.id, { facility: req.facility.id }, as(`person:${person.id}`, 60));
    }
  }

  // The chief of staff's breached personal phone: declared the day after the check found it.
  const check = (await tx.inspections.listFor('chief-personal')).find((i) => i.result === 'compromised');
  const officer = 'Officer Lee Hart';
  const tech = 'Kit Moreno';
  const incident = await openIncidentInTx(
    tx,
    'inc-chief-personal',
    {
      deviceIds: ['chief-personal'],
      compromise: 'confirmed',
      summary:
        'Mercenary spyware indicators on the chief of staff’s personal phone; the earliest matching record is months old',
      inspectionId: check?.id ?? null,
    },
    as(officer, 29),
  );
  const step = (stepId: string, status: 'in-progress' | 'done', ctx: CommandContext) =>
    updateStepInTx(tx, incident.id, stepId, { status }, ctx);
  await step('quarantine', 'done', as(tech, 29, 2));
  await step('notify-officer', 'done', as(officer, 29, 3));
  await step('replacement', 'done', as(tech, 20));
  await step('forensic-copy', 'in-progress', as(tech, 18));

  // Two staff personal phones seen at the main building's gate.
  const seen = [
    { identifier: 'imei:352099001761481', days: 6 },
    { identifier: 'imei:354406061234563', days: 2 },
    { identifier: 'imei:352099001761481', days: 1 },
  ];
  for (const s of seen) {
    const ctx = as('sensor:gate-1', s.days);
    await recordDetectionInTx(
      tx,
      ids.next('det'),
      {
        facility: 'main-building',
        identifier: s.identifier,
        at: toIso(ctx.now),
        source: 'main-building gate 1',
      },
      ctx,
    );
  }
}
