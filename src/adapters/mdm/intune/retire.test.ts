/**
 * Old Intune objects go only when Vigil created them, and their phones are not left without
 * configuration: each old object's assignments (groups, exclusions, all devices) move to the
 * object replacing it (same role and file) before it is deleted. One with no replacement (its
 * role dropped, the protocol withdrawn) is deleted outright.
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
      { id: 'old-1', displayName: 'Vigil p 1 calls (compliance) 0123456789abcdef', version: 1 },
      { id: 'new-1', displayName: 'Vigil p 2 calls (compliance) fedcba9876543210', version: 1 },
      { id: 'old-news', displayName: 'Vigil p 1 news (compliance) 00112233aabbccdd', version: 1 },
    ],
    deviceConfigurations: [
      { id: 'old-2', displayName: 'Vigil p 1 calls (restrictions) 0123456789abcdef', version: 1 },
      { id: 'new-2', displayName: 'Vigil p 2 calls (restrictions) fedcba9876543210', version: 1 },
    ],
  });
});
afterAll(() => fakes.close());

const COMPLIANCE = 'p-calls.intune-ios-compliance.json';
const RESTRICTIONS = 'p-calls.intune-ios-restrictions.json';
const old = (remoteId: string, file: string, role: 'calls' | 'news' = 'calls'): OwnedObject => ({
  role,
  version: '1',
  file,
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
  artifacts: [
    ['new-1', COMPLIANCE],
    ['new-2', RESTRICTIONS],
  ].map(([remoteId = '', file = '']) => ({
    role: 'calls',
    file,
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
const group = (groupId: string) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId });
const excluded = (groupId: string) => ({
  '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
  groupId,
});
const ALL = { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' };
const targetsOf = (id: string) => (fakes.state.graphAssignments.get(id) ?? []).map((a) => a.target);

describe('retiring superseded Intune objects', () => {
  it('moves each old object’s assignments to its replacement, then deletes it; deletes one without a replacement; says gone after', async () => {
    // Assigned by hand: the old compliance policy to a group, minus an exclusion; the old
    // restrictions to all devices. The new compliance policy already has the group.
    fakes.state.graphAssignments.set('old-1', [
      { id: 'a1', target: group('g') },
      { id: 'a2', target: excluded('vip') },
    ]);
    fakes.state.graphAssignments.set('new-1', [{ id: 'b1', target: group('g') }]);
    fakes.state.graphAssignments.set('old-2', [{ id: 'a3', target: ALL }]);
    fakes.state.graphAssignments.set('old-news', [{ id: 'a4', target: group('news') }]);
    const owned = [
      old('old-1', COMPLIANCE),
      old('old-2', RESTRICTIONS),
      old('old-news', 'p-news.intune-ios-compliance.json', 'news'),
      old('new-1', COMPLIANCE),
    ];
    const first = await retireIntune(job(owned), settings(), {}, outcome);
    expect(first.retired?.map((r) => [r.remoteId, r.action])).toEqual([
      ['old-1', 'removed'],
      ['old-2', 'removed'],
      ['old-news', 'removed'],
    ]);
    expect(first.retired?.[0]?.reason).toBe('deleted; its 2 assignment(s) moved to new-1');
    expect(first.retired?.[2]?.reason).toBe('deleted');
    expect(targetsOf('new-1')).toEqual([group('g'), excluded('vip')]);
    expect(targetsOf('new-2')).toEqual([ALL]);
    expect(first.assignments).toEqual([
      { role: 'calls', remoteId: 'new-1', groupId: 'g', action: 'unchanged', from: 'old-1' },
      { role: 'calls', remoteId: 'new-1', groupId: 'vip', action: 'assigned', from: 'old-1' },
      {
        role: 'calls',
        remoteId: 'new-2',
        groupId: '#microsoft.graph.allDevicesAssignmentTarget',
        action: 'assigned',
        from: 'old-2',
      },
    ]);
    expect(fakes.state.graphDeleted).toEqual(['old-1', 'old-2', 'old-news']);
    const second = await retireIntune(job(owned), settings(), {}, outcome);
    expect(second.retired?.map((r) => r.action)).toEqual(['gone', 'gone', 'gone']);
    expect(fakes.state.graph.get('deviceCompliancePolicies')?.map((o) => o.id)).toEqual(['new-1']);
    expect(fakes.state.graph.get('deviceConfigurations')?.map((o) => o.id)).toEqual(['new-2']);
  });
});
