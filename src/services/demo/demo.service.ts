/**
 * Loads the demo office into an empty database: the shipped baselines (in force from two
 * years back, so past days evaluate under them) and the demo fleet with its whole history, in one
 * transaction, through the same import as any office's fleet document.
 */
import { DAY } from '../../core/time.ts';
import { importInTx, parseFleetDocument } from '../import/import.service.ts';
import { CommandService } from '../kernel/command-service.ts';
import { sha256, storeBaselinesInTx } from '../protocols/protocol.service.ts';
import { DEMO_PROTOCOLS_SINCE_DAYS, demoOffice } from './demo-office.ts';

export class DemoService extends CommandService<
  | 'assignments'
  | 'audit'
  | 'devices'
  | 'incidents'
  | 'inspections'
  | 'outbox'
  | 'people'
  | 'posture'
  | 'protocols'
  | 'refusals'
  | 'releases'
  | 'rotations'
  | 'swaps'
  | 'waivers'
  | 'zones'
> {
  async load(baselines: readonly { file: string; text: string }[], actor = 'system') {
    const now = this.clock.now();
    const doc = parseFleetDocument(demoOffice(now));
    const ctx = { actor, now };
    return this.transaction(async (tx) => {
      await storeBaselinesInTx(tx, baselines, now - DEMO_PROTOCOLS_SINCE_DAYS * DAY, ctx);
      const summary = await importInTx(tx, doc, sha256(JSON.stringify(doc)), ctx, this.ids);
      await tx.audit.append({
        type: 'demo.loaded',
        at: now,
        actor,
        subject: 'fleet',
        payload: { people: summary.people, devices: summary.devices },
      });
      return summary;
    });
  }
}
