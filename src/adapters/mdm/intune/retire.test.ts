/**
 * Old Intune objects go only when Vigil created them and what replaces them is assigned: an
 * object whose replacements are assigned to no group is the only configuration its phones
 * have, so it stays (and is tried again on the next push).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMdms, startFakeMdms } from '../../../../test/support/fake-mdms.ts';
import type { OwnedObject } from '../../../services/enforcement/ports.ts';
import type { PushJob, PushOutcome } from '../connector.ts';
import { retireIntune } from './retire.ts';

let fakes: FakeMdms;
beforeAll(async () => {
  fakes = await startFakeMdms({
    deviceCompliancePolicies: [
      { id: 'old-1', displayName: 'Vigil p 1 calls (compliance)', version: 1 },
      { id: 'new-1', displayName: 'Vigil p 2 calls (compliance)', version: 1 },
    ],
    deviceConfigurations: [{ id: 'new-2', displayName: 'Vigil p 2 calls (restrictions)', version: 1 }],
  });
});
afterAll(() => fakes.close());

const old = (remoteId: string): OwnedObject => ({
  role: 'calls',
  version: '1',
  file: 'p-calls.intune.json',
  sha256: 'ab',
  remoteId,
});
const job = (owned: OwnedObject[]): PushJob => ({
  protocol: 'p',
  artifacts: [],
  enrollments: async () => [],
  superseded: (current) => owned.filter((o) => !current.some((c) => c.remoteId === o.remoteId)),
});
const outcome: PushOutcome = {
  notified: 0,
  artifacts: ['new-1', 'new-2'].map((remoteId) => ({
    role: 'calls',
    file: 'p-calls.intune.json',
    sha256: 'cd',
    remoteId,
    remoteToken: '1',
    action: 'created',
  })),
};
const settings = () => ({
  url: `${fakes.base}/graph/v1.0/deviceManagement/managedDevices`,
  token: 'graph-token',
  groups: {},
});
const target = (groupId: string) => ({
  target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId },
});

describe('retiring superseded Intune objects', () => {
  it('keeps an old object while its replacements are unassigned, deletes it once they all are, and says gone after', async () => {
    const owned = [old('old-1'), old('new-1')];
    const first = await retireIntune(job(owned), settings(), {}, outcome);
    expect(first.retired).toMatchObject([{ remoteId: 'old-1', action: 'kept' }]);
    fakes.state.graphAssignments.set('new-1', [target('g')]);
    const second = await retireIntune(job(owned), settings(), {}, outcome);
    expect(second.retired).toMatchObject([{ remoteId: 'old-1', action: 'kept' }]);
    fakes.state.graphAssignments.set('new-2', [target('g')]);
    const third = await retireIntune(job(owned), settings(), {}, outcome);
    expect(third.retired).toMatchObject([{ remoteId: 'old-1', action: 'removed' }]);
    expect(fakes.state.graphDeleted).toEqual(['old-1']);
    const fourth = await retireIntune(job(owned), settings(), {}, outcome);
    expect(fourth.retired).toMatchObject([{ remoteId: 'old-1', action: 'gone' }]);
    expect(fakes.state.graph.get('deviceCompliancePolicies')?.map((o) => o.id)).toEqual(['new-1']);
  });
});
