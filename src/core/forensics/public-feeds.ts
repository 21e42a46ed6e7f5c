/**
 * The public indicator feeds an office can enable by name (`vigil iocs enable pegasus`), so
 * nobody has to copy a raw URL out of a research report. Each entry names who published it and
 * under which licence, because an examiner must be able to say where an indicator came from.
 * URLs point at the files the publishers keep current; `VIGIL_IOC_FEED_MIRROR` lets an office
 * without internet access serve the same paths from its own host.
 */

export interface PublicFeed {
  /** The name used on the command line: lower case, stable. */
  readonly name: string;
  readonly title: string;
  readonly publisher: string;
  readonly licence: string;
  /** Where the STIX 2.1 bundle is fetched from. */
  readonly url: string;
  /** The report or repository that explains the indicators. */
  readonly reference: string;
}

const GITHUB_RAW = 'https://raw.githubusercontent.com/';
const AMNESTY = `${GITHUB_RAW}AmnestyTech/investigations/master/`;
const MVT_INDICATORS = `${GITHUB_RAW}mvt-project/mvt-indicators/main/`;
const AMNESTY_LICENCE = 'CC-BY (as stated by the publisher)';
const MIT = 'MIT';

export const PUBLIC_FEEDS: readonly PublicFeed[] = [
  {
    name: 'pegasus',
    title: 'NSO Group Pegasus',
    publisher: 'Amnesty International Security Lab',
    licence: AMNESTY_LICENCE,
    url: `${AMNESTY}2021-07-18_nso/pegasus.stix2`,
    reference: 'https://github.com/AmnestyTech/investigations/tree/master/2021-07-18_nso',
  },
  {
    name: 'cytrox',
    title: 'Cytrox Predator (2021)',
    publisher: 'Amnesty International Security Lab',
    licence: AMNESTY_LICENCE,
    url: `${AMNESTY}2021-12-16_cytrox/cytrox.stix2`,
    reference: 'https://github.com/AmnestyTech/investigations/tree/master/2021-12-16_cytrox',
  },
  {
    name: 'android-campaign-2023',
    title: 'Android exploit chain from an unnamed surveillance vendor (2023)',
    publisher: 'Amnesty International Security Lab',
    licence: AMNESTY_LICENCE,
    url: `${AMNESTY}2023-03-29_android_campaign/malware.stix2`,
    reference: 'https://github.com/AmnestyTech/investigations/tree/master/2023-03-29_android_campaign',
  },
  {
    name: 'wintego-helios',
    title: 'Wintego Helios',
    publisher: 'Amnesty International Security Lab',
    licence: AMNESTY_LICENCE,
    url: `${AMNESTY}2024-05-02_wintego_helios/wintego_helios.stix2`,
    reference: 'https://github.com/AmnestyTech/investigations/tree/master/2024-05-02_wintego_helios',
  },
  {
    name: 'novispy',
    title: 'NoviSpy (Serbia, 2024)',
    publisher: 'Amnesty International Security Lab',
    licence: AMNESTY_LICENCE,
    url: `${AMNESTY}2024-12-16_serbia_novispy/novispy.stix2`,
    reference: 'https://github.com/AmnestyTech/investigations/tree/master/2024-12-16_serbia_novispy',
  },
  {
    name: 'predator',
    title: 'Intellexa Predator',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}intellexa_predator/predator.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators',
  },
  {
    name: 'rcs-lab',
    title: 'RCS Lab',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}2022-06-23_rcs_lab/rcs.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators/tree/main/2022-06-23_rcs_lab',
  },
  {
    name: 'quadream',
    title: 'QuaDream KingSpawn',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}2023-04-11_quadream/kingspawn.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators/tree/main/2023-04-11_quadream',
  },
  {
    name: 'triangulation',
    title: 'Operation Triangulation',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}2023-06_01_operation_triangulation/operation_triangulation.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators/tree/main/2023-06_01_operation_triangulation',
  },
  {
    name: 'wyrmspy-dragonegg',
    title: 'WyrmSpy and DragonEgg',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}2023-07-25_wyrmspy_dragonegg/wyrmspy_dragonegg.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators/tree/main/2023-07-25_wyrmspy_dragonegg',
  },
  {
    name: 'coruna',
    title: 'Coruna (2026)',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}2026-03-03_coruna_cryptowaters/coruna.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators/tree/main/2026-03-03_coruna_cryptowaters',
  },
  {
    name: 'darksword',
    title: 'DarkSword (2026)',
    publisher: 'MVT project (mvt-indicators)',
    licence: MIT,
    url: `${MVT_INDICATORS}2026-03-30_darksword/darksword.stix2`,
    reference: 'https://github.com/mvt-project/mvt-indicators/tree/main/2026-03-30_darksword',
  },
  {
    name: 'stalkerware',
    title: 'Stalkerware and watchware',
    publisher: 'Echap (AssoEchap/stalkerware-indicators)',
    licence: 'not stated by the publisher',
    url: `${GITHUB_RAW}AssoEchap/stalkerware-indicators/master/generated/stalkerware.stix2`,
    reference: 'https://github.com/AssoEchap/stalkerware-indicators',
  },
];

export function publicFeed(name: string): PublicFeed | undefined {
  return PUBLIC_FEEDS.find((f) => f.name === name);
}

/** The feed's URL, served from a mirror when one is given (same paths under the mirror's base). */
export function feedUrl(feed: PublicFeed, mirror: string | undefined): string {
  if (mirror === undefined || mirror === '' || !feed.url.startsWith(GITHUB_RAW)) return feed.url;
  return `${mirror.replace(/\/+$/, '')}/${feed.url.slice(GITHUB_RAW.length)}`;
}
