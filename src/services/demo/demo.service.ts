/**
 * Loads the demo office into an empty database: the shipped baselines (in force from the day
 * the office's records begin, so past days evaluate under them) and the demo fleet with its whole history, in one
 * transaction, through the same import as any office's fleet document.
 */
import type { UserService } from '../access/user.service.ts';
import { importInTx, parseFleetDocument } from '../import/import.service.ts';
import type { CommandDeps } from '../kernel/command-service.ts';
import { CommandService } from '../kernel/command-service.ts';
import { sha256, storeBaselinesInTx } from '../protocols/protocol.service.ts';
import { DEMO_USERS, demoOffice, demoProtocolsSince } from './demo-office.ts';

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
  | 'tokens'
  | 'users'
  | 'waivers'
  | 'zones'
> {
  readonly #users: UserService | null;

  /** `users`: where the demo's dashboard users are created; null when no password hasher is wired. */
  constructor(deps: CommandDeps, users: UserService | null) {
    super(deps);
    this.#users = users;
  }

  async load(baselines: readonly { file: string; text: string }[], actor = 'system') {
    const now = this.clock.now();
    const office = demoOffice(now);
    const doc = parseFleetDocument(office);
    const ctx = { actor, now };
    const loaded = await this.transaction(async (tx) => {
      await storeBaselinesInTx(tx, baselines, demoProtocolsSince(office), ctx);
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
    // After the office: each user is one of its people. Passwords are generated and not shown
    // (an admin resets one to hand it over); `vigil start` prints the admin's.
    if (this.#users !== null) {
      for (const u of DEMO_USERS) await this.#users.create({ ...u }, actor);
    }
    return loaded;
  }
}
