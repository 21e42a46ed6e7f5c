/**
 * The demo office (fictional people), as a fleet document relative to `now`, so a fresh
 * install always shows the same story: a protocol kept on paper and broken on the phones, as it happens in real life.
 * - The premier's calls phone was swapped on time but has camera and microphone on.
 * - The social phone was last checked about five months ago and runs an old iOS.
 * - The chief of staff's personal phone was found breached.
 * - Staff personal phones are held in a building that bans them.
 * The office runs `relaxed-social`; the predecessor ran `strict-30day`.
 *
 * Its history is in the document too, so the import is the one way the demo comes to be:
 * - the chief of staff's breached personal phone is under an incident whose default playbook is
 *   half done (quarantined, officer notified, replacement handed over; forensic copy in progress;
 *   accounts not yet revoked);
 * - the press secretary's and the policy aide's personal phones were seen in the main building;
 * - everyone has acknowledged the main-building policy of their protocol except the policy aide;
 * - the premier declined two swaps of the social phone as "inconvenient" (the second after the
 *   replacement had been staged), and no waiver covers either: `refusal.unwaived` reports both;
 * - the premier's waiver to keep the calls phone's camera on (video calls) expired three weeks
 *   ago: the camera finding is open again and `waiver.expired` reports it;
 * - a waiver for the social phone's news app, requested yesterday, awaits an officer's decision.
 */
import { DAY, type Instant, toIso } from '../../core/time.ts';
import type { FleetDocument } from '../import/import.service.ts';

/**
 * When the demo's protocols take effect: the start of the UTC day of the earliest instant the
 * office's records name, so every fact is judged under them and a fresh install does not claim
 * protocols in force long before anything happened.
 */
export function demoProtocolsSince(doc: FleetDocument): Instant {
  let earliest = Number.POSITIVE_INFINITY;
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/^\d{4}-\d{2}-\d{2}T/.test(v)) earliest = Math.min(earliest, Date.parse(v));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return Math.floor(earliest / DAY) * DAY;
}

/** The demo office's dashboard users, each the person of the office they are (passwords generated). */
export const DEMO_USERS = [
  { username: 'alex-reyes', name: 'Alex Reyes', role: 'officer', personId: 'security-officer' },
  { username: 'kit-moreno', name: 'Kit Moreno', role: 'technician', personId: 'technician' },
  { username: 'robin-hale', name: 'Robin Hale', role: 'auditor', personId: 'auditor' },
] as const;

export function demoOffice(now: Instant): FleetDocument {
  // Whole hours keep the printed dates tidy.
  const base = Math.floor(now / 3_600_000) * 3_600_000;
  const ago = (days: number, hours = 0) => toIso(base - days * DAY + hours * 3_600_000);
  const officer = 'user:alex-reyes (security officer)';
  const technician = 'user:kit-moreno (technician)';
  const callsApps = ['com.apple.mobilephone', 'com.apple.Preferences'];
  const generalApps = [
    'com.apple.mobilephone',
    'com.apple.MobileSMS',
    'com.apple.Preferences',
    'org.whispersystems.signal',
  ];
  // The social phone also carries a news app its protocol does not allow.
  const socialApps = [
    'com.atebits.Tweetie2',
    'com.apple.mobilesafari',
    'com.apple.Preferences',
    'com.apple.news',
  ];
  const mdm = 'mdm:demo';
  const sensors = (
    camera: 'enabled' | 'disabled',
    mic: 'enabled' | 'disabled',
    loc: 'enabled' | 'disabled',
    bt: 'enabled' | 'disabled',
  ) => ({
    camera: { state: camera, provenance: 'enforced' as const },
    microphone: { state: mic, provenance: 'enforced' as const },
    location: { state: loc, provenance: 'enforced' as const },
    bluetooth: { state: bt, provenance: 'reported' as const },
  });
  const monthStart = (monthsAgo: number) => {
    const d = new Date(base);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsAgo, 1));
  };
  const patch = (monthsAgo: number) => monthStart(monthsAgo).toISOString().slice(0, 10);

  return {
    apiVersion: 'vigil/v1',
    kind: 'Fleet',
    osReleases: [
      { platform: 'ios', version: '26.5', build: '23F75', releasedAt: ago(190) },
      { platform: 'ios', version: '26.5.1', build: '23F81', releasedAt: ago(173) },
      { platform: 'ios', version: '26.6', build: '23G80', releasedAt: ago(117) },
      { platform: 'ios', version: '26.6.1', build: '23G93', releasedAt: ago(96) },
      { platform: 'ios', version: '27.0', build: '24A341', releasedAt: ago(67) },
      { platform: 'ios', version: '27.0.1', build: '24A355', releasedAt: ago(45) },
      { platform: 'ios', version: '27.1', build: '24B83', releasedAt: ago(18) },
      ...[5, 4, 3, 2, 1, 0]
        .map((m) => ({
          platform: 'android' as const,
          version: patch(m),
          build: null,
          releasedAt: new Date(monthStart(m).getTime() + 4 * DAY).toISOString(),
        }))
        .filter((r) => r.releasedAt <= toIso(base)),
    ],
    people: [
      {
        id: 'premier',
        name: 'Premier Dana Whitlock',
        kind: 'principal',
        protocol: 'relaxed-social',
        protocolSince: ago(320),
      },
      {
        id: 'former-premier',
        name: 'Former Premier Morgan Hale',
        kind: 'principal',
        protocol: 'strict-30day',
        protocolSince: ago(400),
      },
      {
        id: 'chief-of-staff',
        name: 'Jordan Pike',
        kind: 'staff',
        principalId: 'premier',
        email: 'jordan.pike@office.example',
      },
      {
        id: 'press-secretary',
        name: 'Riley Chen',
        kind: 'staff',
        principalId: 'premier',
        email: 'riley.chen@office.example',
      },
      {
        id: 'policy-aide',
        name: 'Sam Okafor',
        kind: 'staff',
        principalId: 'premier',
        email: 'sam.okafor@office.example',
      },
      {
        id: 'technician',
        name: 'Kit Moreno',
        kind: 'staff',
        principalId: 'premier',
        email: 'kit.moreno@office.example',
      },
      // The security office: people who use Vigil, never evaluated (DEMO_USERS signs them in).
      {
        id: 'security-officer',
        name: 'Alex Reyes',
        kind: 'operator',
        email: 'alex.reyes@office.example',
      },
      { id: 'auditor', name: 'Robin Hale', kind: 'operator', email: 'robin.hale@office.example' },
    ],
    devices: [
      {
        id: 'premier-calls-prev',
        serial: 'DMQX41PL0D7K',
        imei: '356789104512347',
        platform: 'ios',
        model: 'iPhone 16 Pro',
        ownership: 'issued',
        role: 'calls',
        issuedAt: ago(42),
        statuses: [
          { status: 'active', at: ago(42) },
          { status: 'retired', at: ago(12), reason: 'Monthly swap' },
          { status: 'wiped', at: ago(10), reason: 'Examined clean, wiped' },
        ],
        custody: [
          { holderId: 'premier', at: ago(42) },
          { holderId: 'technician', at: ago(12) },
          { holderId: null, location: 'Secure store, room B12', at: ago(10) },
        ],
      },
      {
        id: 'premier-calls',
        serial: 'DMQX57RT2F9M',
        imei: '356789104598761',
        platform: 'ios',
        model: 'iPhone 16 Pro',
        ownership: 'issued',
        role: 'calls',
        holderId: 'premier',
        issuedAt: ago(12),
      },
      {
        id: 'premier-social',
        serial: 'F2LXK0QJHG7F',
        imei: '353912110042118',
        platform: 'ios',
        model: 'iPhone 15',
        ownership: 'issued',
        role: 'social',
        holderId: 'premier',
        issuedAt: ago(215),
      },
      {
        id: 'premier-social-next',
        serial: 'F2LXM3VBHG1A',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'social',
        statuses: [{ status: 'staged', at: ago(60) }],
        custody: [{ holderId: null, location: 'Secure store, room B12', at: ago(60) }],
        issuedAt: null,
      },
      {
        id: 'chief-issued',
        serial: 'G6TZP9WQN1C4',
        imei: '356789104533220',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'general',
        holderId: 'chief-of-staff',
        issuedAt: ago(20),
      },
      {
        id: 'aide-news',
        serial: '3A281FDH200J7K',
        imei: '358240051234560',
        platform: 'android',
        model: 'Pixel 9',
        ownership: 'issued',
        role: 'news',
        holderId: 'policy-aide',
        issuedAt: ago(25),
      },
      {
        id: 'chief-personal',
        serial: 'PERS-CHIEF-01',
        imei: '490154203237518',
        platform: 'android',
        model: 'Galaxy S23',
        ownership: 'personal',
        role: 'general',
        statuses: [{ status: 'active', at: ago(400) }],
        custody: [{ holderId: 'chief-of-staff', at: ago(400) }],
        issuedAt: null,
      },
      {
        id: 'press-personal',
        serial: 'PERS-PRESS-01',
        imei: '352099001761481',
        platform: 'ios',
        model: 'iPhone 14',
        ownership: 'personal',
        role: 'general',
        statuses: [{ status: 'active', at: ago(400) }],
        custody: [{ holderId: 'press-secretary', at: ago(400) }],
        issuedAt: null,
      },
      {
        id: 'aide-personal',
        serial: 'PERS-AIDE-01',
        imei: '354406061234563',
        platform: 'android',
        model: 'Pixel 7a',
        ownership: 'personal',
        role: 'general',
        statuses: [{ status: 'active', at: ago(400) }],
        custody: [{ holderId: 'policy-aide', at: ago(400) }],
        issuedAt: null,
      },
    ],
    rotations: [
      {
        oldDeviceId: 'premier-calls-prev',
        newDeviceId: 'premier-calls',
        at: ago(12),
        performedBy: 'Kit Moreno',
      },
    ],
    inspections: [
      {
        deviceId: 'premier-calls-prev',
        at: ago(11),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: 'Post-swap examination',
      },
      {
        deviceId: 'premier-calls',
        at: ago(12),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: 'Baseline at issue',
      },
      {
        deviceId: 'premier-social',
        at: ago(215),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: 'Baseline at issue',
      },
      {
        deviceId: 'premier-social',
        at: ago(182),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: null,
      },
      {
        deviceId: 'premier-social',
        at: ago(150),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: 'Last check before the principal declined further appointments',
      },
      {
        deviceId: 'chief-issued',
        at: ago(20),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: 'Baseline at issue',
      },
      {
        deviceId: 'aide-news',
        at: ago(25),
        method: 'forensic-scan',
        result: 'clean',
        performedBy: 'Kit Moreno',
        notes: 'Baseline at issue',
      },
      {
        id: 'chk-chief-personal',
        deviceId: 'chief-personal',
        at: ago(30),
        method: 'forensic-scan',
        result: 'compromised',
        performedBy: 'Kit Moreno',
        notes: 'Indicators of mercenary spyware; the earliest matching record is months old',
      },
    ],
    posture: [
      {
        deviceId: 'premier-calls',
        observedAt: ago(1),
        source: mdm,
        osVersion: '27.1',
        osBuild: '24B83',
        sensors: sensors('enabled', 'enabled', 'disabled', 'disabled'),
        apps: callsApps,
        lockdownMode: true,
        supervised: true,
      },
      {
        deviceId: 'premier-social',
        observedAt: ago(2),
        source: mdm,
        osVersion: '26.6.1',
        osBuild: '23G93',
        sensors: sensors('enabled', 'enabled', 'disabled', 'enabled'),
        apps: socialApps,
        lockdownMode: false,
        supervised: true,
      },
      {
        deviceId: 'premier-social',
        observedAt: ago(160),
        source: mdm,
        osVersion: '26.5.1',
        osBuild: '23F81',
        sensors: sensors('enabled', 'enabled', 'disabled', 'enabled'),
        apps: socialApps,
        lockdownMode: false,
        supervised: true,
      },
      {
        deviceId: 'chief-issued',
        observedAt: ago(1),
        source: mdm,
        osVersion: '27.1',
        osBuild: '24B83',
        sensors: sensors('disabled', 'disabled', 'disabled', 'disabled'),
        apps: generalApps,
        lockdownMode: true,
        supervised: true,
      },
      {
        deviceId: 'aide-news',
        observedAt: ago(3),
        source: mdm,
        osVersion: '16',
        patchLevel: monthStart(0).getTime() + 4 * DAY <= base ? patch(0) : patch(1),
        sensors: sensors('disabled', 'disabled', 'disabled', 'disabled'),
        apps: ['com.google.android.apps.magazines', 'com.android.chrome', 'com.android.settings'],
        supervised: true,
      },
    ],
    swaps: [
      // Planned, then declined at the appointment.
      {
        id: 'swap-social-1',
        deviceId: 'premier-social',
        planned: { at: ago(126), by: technician },
        dueAt: ago(118),
        stageBy: ago(125),
        steps: [
          {
            type: 'decline',
            at: ago(120),
            by: technician,
            declinedBy: 'premier',
            reason: 'inconvenient',
            refusalId: 'refusal-social-1',
          },
        ],
      },
      // The replacement was staged, and the premier declined again.
      {
        id: 'swap-social-2',
        deviceId: 'premier-social',
        planned: { at: ago(52), by: technician },
        dueAt: ago(44),
        stageBy: ago(51),
        steps: [
          { type: 'stage', at: ago(51), by: technician, replacementId: 'premier-social-next' },
          {
            type: 'decline',
            at: ago(45),
            by: technician,
            declinedBy: 'premier',
            reason: 'inconvenient',
            refusalId: 'refusal-social-2',
          },
        ],
      },
    ],
    waivers: [
      {
        id: 'waiver-premier-camera',
        rule: 'sensor.camera',
        personId: 'premier',
        reason: 'Video calls with family while travelling',
        risk: 'A compromised calls phone could film its surroundings',
        startsAt: ago(100),
        expiresAt: ago(21),
        requested: { at: ago(101), by: technician },
        approved: { at: ago(100), by: officer, role: 'officer' },
      },
      // Requested by the technician and not yet decided: an officer approves or rejects it.
      {
        id: 'waiver-social-news-app',
        rule: 'apps.unapproved',
        deviceId: 'premier-social',
        reason: 'The premier reads the morning briefing in Apple News until the social phone is swapped',
        risk: 'An app outside the allow-list widens what an attacker can reach on the phone',
        startsAt: ago(1),
        expiresAt: toIso(base - DAY + 30 * DAY),
        requested: { at: ago(1), by: technician },
      },
    ],
    incidents: [
      // Declared the day after the check found it.
      {
        id: 'inc-chief-personal',
        deviceIds: ['chief-personal'],
        compromise: 'confirmed',
        summary:
          'Mercenary spyware indicators on the chief of staff’s personal phone; the earliest matching record is months old',
        inspectionId: 'chk-chief-personal',
        opened: { at: ago(29), by: 'Officer Lee Hart' },
        steps: [
          { stepId: 'quarantine', status: 'done', at: ago(29, 2), by: 'Kit Moreno' },
          { stepId: 'notify-officer', status: 'done', at: ago(29, 3), by: 'Officer Lee Hart' },
          { stepId: 'replacement', status: 'done', at: ago(20), by: 'Kit Moreno' },
          { stepId: 'forensic-copy', status: 'in-progress', at: ago(18), by: 'Kit Moreno' },
        ],
      },
    ],
    // Two staff personal phones seen at the main building's gate.
    detections: [
      {
        facility: 'main-building',
        identifier: 'imei:352099001761481',
        at: ago(6),
        source: 'main-building gate 1',
      },
      {
        facility: 'main-building',
        identifier: 'imei:354406061234563',
        at: ago(2),
        source: 'main-building gate 1',
      },
      {
        facility: 'main-building',
        identifier: 'imei:352099001761481',
        at: ago(1),
        source: 'main-building gate 1',
      },
    ],
    // Two months ago, everyone under a protocol but the policy aide; the technician, whom the
    // records name first when he took the old calls phone in, on his next day.
    acknowledgements: [
      ...['premier', 'former-premier', 'chief-of-staff', 'press-secretary'].map((personId) => ({
        personId,
        facility: 'main-building',
        at: ago(60),
      })),
      { personId: 'technician', facility: 'main-building', at: ago(11) },
    ],
  };
}
