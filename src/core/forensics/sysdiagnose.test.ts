import { describe, expect, it } from 'vitest';
import { IndicatorSet } from './indicators.ts';
import { loadStixBundle } from './stix.ts';
import { checkPs, checkShutdownLog, parsePs, parseShutdownLog } from './sysdiagnose.ts';

const bundle = (patterns: string[]) =>
  loadStixBundle(
    {
      type: 'bundle',
      id: 'bundle--1',
      objects: [
        { type: 'malware', id: 'malware--1', name: 'Spy' },
        ...patterns.flatMap((pattern, i) => [
          { type: 'indicator', id: `indicator--${i}`, pattern, pattern_type: 'stix' },
          {
            type: 'relationship',
            id: `relationship--${i}`,
            relationship_type: 'indicates',
            source_ref: `indicator--${i}`,
            target_ref: 'malware--1',
          },
        ]),
      ],
    },
    'test.stix2',
  ).indicators;
const indicators = (patterns: string[]) => new IndicatorSet(bundle(patterns), (h) => h);

const LOG = [
  '\tremaining client pid: 121 (/usr/libexec/backboardd)',
  '\tremaining client pid: 944 (/private/var/db/com.apple.xpc.roleaccountd.staging/mptbd/2A1B)',
  'After 0.94s, these clients are still here:',
  '\tremaining client pid: 121 (/usr/libexec/backboardd)',
  'After 1.96s, these clients are still here:',
  '\tremaining client pid: 121 (/usr/libexec/backboardd)',
  'SIGTERM: [1758405600]',
  '\tremaining client pid: 1502 (/usr/libexec/msgacntd)',
  'SIGTERM: [1759039200]',
  '\tremaining client pid: 9 (/usr/sbin/unfinished)',
].join('\n');

describe('shutdown.log', () => {
  it('lists each client once per shutdown with how often it held it up, and the SIGTERM time', () => {
    const clients = parseShutdownLog(LOG);
    expect(clients).toEqual([
      { reboot: 0, at: 1_758_405_600_000, pid: 121, path: '/usr/libexec/backboardd', appearances: 3 },
      {
        reboot: 0,
        at: 1_758_405_600_000,
        pid: 944,
        path: '/private/var/db/com.apple.xpc.roleaccountd.staging/mptbd/2A1B',
        appearances: 1,
      },
      { reboot: 1, at: 1_759_039_200_000, pid: 1502, path: '/usr/libexec/msgacntd', appearances: 1 },
      // A log cut off before its SIGTERM keeps its clients, without a time.
      { reboot: 2, at: null, pid: 9, path: '/usr/sbin/unfinished', appearances: 1 },
    ]);
  });

  it('flags unusual locations (high), sticky clients (medium) and indicator hits (critical)', () => {
    const r = checkShutdownLog(parseShutdownLog(LOG), indicators(["[process:name = 'msgacntd']"]));
    expect(r.records).toHaveLength(4);
    expect(r.timeline).toHaveLength(3);
    expect(r.alerts.map((a) => [a.level, (a.event as { path: string }).path])).toEqual([
      ['medium', '/usr/libexec/backboardd'],
      ['high', '/private/var/db/com.apple.xpc.roleaccountd.staging/mptbd/2A1B'],
      ['critical', '/usr/libexec/msgacntd'],
    ]);
    expect(r.alerts[2]?.matchedIndicator?.value).toBe('msgacntd');
  });

  it('matches client paths against file path indicators, once per client', () => {
    const r = checkShutdownLog(
      parseShutdownLog(LOG),
      indicators(["[file:path = '/private/var/db/com.apple.xpc.roleaccountd.staging/']"]),
    );
    const critical = r.alerts.filter((a) => a.level === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]?.event).toMatchObject({ pid: 944 });
  });

  it('raises only the heuristic alerts without indicators', () => {
    const r = checkShutdownLog(parseShutdownLog(LOG), null);
    expect(r.alerts.map((a) => a.level)).toEqual(['medium', 'high']);
  });
});

describe('ps.txt', () => {
  const PS = [
    'USER   UID   PID  PPID  STAT STARTED      TIME COMMAND',
    'root     0     1     0  Ss   Tue08AM   0:42.10 /sbin/launchd',
    'root     0  1502     1  Ss   Tue08AM   0:00.02 /private/var/tmp/CommsCenterRootHelper -d --x',
    'broken line',
  ].join('\n');

  it('keeps the command whole, spaces included, and skips lines that are too short', () => {
    expect(parsePs(PS)).toEqual([
      { pid: 1, user: 'root', command: '/sbin/launchd' },
      { pid: 1502, user: 'root', command: '/private/var/tmp/CommsCenterRootHelper -d --x' },
    ]);
    expect(parsePs('no header here\n1 2 3')).toEqual([]);
  });

  it('matches the executable by process name, or by path before the name', () => {
    const byName = checkPs(parsePs(PS), indicators(["[process:name = 'CommsCenterRootHelper']"]));
    expect(byName.records).toHaveLength(2);
    expect(byName.alerts.map((a) => a.matchedIndicator?.value)).toEqual(['CommsCenterRootHelper']);
    const byPath = checkPs(parsePs(PS), indicators(["[file:path = '/private/var/tmp/']"]));
    expect(byPath.alerts.map((a) => (a.event as { pid: number }).pid)).toEqual([1502]);
    expect(checkPs(parsePs(PS), null).alerts).toEqual([]);
  });
});
