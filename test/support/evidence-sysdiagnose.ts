/**
 * Synthetic iOS sysdiagnose archives in the real layout: `sysdiagnose_<date>_iPhone-OS_.../`
 * holding `system_logs.logarchive/Extra/shutdown.log`, `ps.txt` and the installed profiles'
 * stubs under `logs/MCState/Shared/`, packed as the phone packs them (a gzipped tar).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import bplist from 'bplist-creator';
import { tar } from './evidence-android.ts';
import { IOS_IOCS } from './evidence-ios.ts';

export const SYSDIAGNOSE_ROOT = 'sysdiagnose_2026.10.01_09-12-44+0200_iPhone-OS_23A341';

/** Unix seconds of the two shutdowns in the log. */
export const SHUTDOWNS = [Date.UTC(2026, 8, 20, 22) / 1000, Date.UTC(2026, 8, 28, 6) / 1000];

/**
 * Two shutdowns: the first held up three times by an ordinary daemon and once by a process
 * staged in /private/var/db (Pegasus's habit); the second by a process an indicator names.
 */
export function shutdownLog(): string {
  const [first, second] = SHUTDOWNS;
  return [
    '\tremaining client pid: 121 (/usr/libexec/backboardd)',
    '\tremaining client pid: 944 (/private/var/db/com.apple.xpc.roleaccountd.staging/mptbd/2A1B)',
    'After 0.94s, these clients are still here:',
    '\tremaining client pid: 121 (/usr/libexec/backboardd)',
    'After 1.96s, these clients are still here:',
    '\tremaining client pid: 121 (/usr/libexec/backboardd)',
    `SIGTERM: [${first}]`,
    '\tremaining client pid: 77 (/usr/sbin/mediaserverd)',
    `\tremaining client pid: 1502 (/usr/libexec/${IOS_IOCS.process})`,
    `SIGTERM: [${second}]`,
    '',
  ].join('\n');
}

export function psTxt(): string {
  return [
    'USER              UID PRSNA   PID  PPID        F  %CPU %MEM PRI NI      VSZ    RSS WCHAN    TT  STAT STARTED      TIME COMMAND',
    'root                0     -     1     0     4004   0.0  0.1  37  0 408577856   9968 -        ??  Ss   Tue08AM   0:42.10 /sbin/launchd',
    'mobile            501     -   310     1     4004   0.0  0.2  31  0 408798160  18032 -        ??  Ss   Tue08AM   0:03.15 /System/Library/CoreServices/SpringBoard.app/SpringBoard',
    `root                0     -  1502     1     4004   0.0  0.0  31  0 408563216   2128 -        ??  Ss   Tue08AM   0:00.02 /private/var/tmp/${IOS_IOCS.processLong} -d`,
    '',
  ].join('\n');
}

export function profileStub(uuid: string, name: string, payloadType: string): Buffer {
  return bplist({
    PayloadUUID: uuid,
    PayloadIdentifier: `com.example.${name}`,
    PayloadDisplayName: name,
    InstallDate: new Date(Date.UTC(2026, 8, 1)),
    PayloadContent: [{ PayloadType: payloadType }],
  });
}

/** The archive's members, relative to its root folder. */
export function sysdiagnoseMembers(): Record<string, Uint8Array> {
  return {
    'system_logs.logarchive/Extra/shutdown.log': Buffer.from(shutdownLog()),
    'ps.txt': Buffer.from(psTxt()),
    'logs/MCState/Shared/profile-0a1b.stub': profileStub(
      IOS_IOCS.profileId,
      'Hostile',
      'com.apple.wifi.managed',
    ),
    'logs/MCState/Shared/profile-2c3d.stub': profileStub(
      'C0FFEE00-0000-4000-8000-000000000001',
      'Quiet',
      'com.apple.notificationsettings',
    ),
    'summaries/remaining.txt': Buffer.from('not read by any module'),
  };
}

/** Writes `<dir>/<root>.tar.gz`; returns its path. */
export function buildSysdiagnoseArchive(dir: string): string {
  const entries = Object.fromEntries(
    Object.entries(sysdiagnoseMembers()).map(([n, d]) => [`${SYSDIAGNOSE_ROOT}/${n}`, d]),
  );
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${SYSDIAGNOSE_ROOT}.tar.gz`);
  writeFileSync(path, gzipSync(tar(entries)));
  return path;
}

/** Writes the unpacked folder; returns its path. */
export function buildSysdiagnoseFolder(dir: string): string {
  const root = join(dir, SYSDIAGNOSE_ROOT);
  for (const [name, data] of Object.entries(sysdiagnoseMembers())) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  }
  return root;
}
