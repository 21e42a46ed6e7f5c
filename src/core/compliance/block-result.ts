/**
 * A result whose lists are kept in blocks (block-list.ts) and made into arrays only when first
 * read. A result is never edited, so the next one after a change was a copy of both lists: at a
 * million devices, a million summaries and some 185,000 findings copied per posture report, on
 * the serving thread, whoever read them. Here the next result shares every block the change did
 * not touch, and a reader that needs only a count and the places that changed (the summary's
 * counts, dashboard/tally.ts) reads through `deviceCount` and `deviceAt` without an array being
 * made (docs/adr/0046-findings-in-blocks.md). Any other reader sees plain arrays, the same
 * items in the same order.
 */
import type { Finding } from '../model.ts';
import type { Instant } from '../time.ts';
import type { BlockList } from './block-list.ts';
import type { DeviceSummary, EvaluationResult } from './types.ts';

interface Lists {
  readonly devices: BlockList<DeviceSummary>;
  readonly findings: BlockList<Finding>;
}

const lists = new WeakMap<EvaluationResult, Lists>();

/**
 * A result of these lists (which the caller must not edit after: give it copies). Its
 * `devices` and `findings` are arrays made on first read, then kept.
 */
export function blockResult(
  at: Instant,
  devices: BlockList<DeviceSummary>,
  findings: BlockList<Finding>,
): EvaluationResult {
  let deviceArray: DeviceSummary[] | null = null;
  let findingArray: Finding[] | null = null;
  const result = { at } as EvaluationResult;
  Object.defineProperty(result, 'findings', {
    enumerable: true,
    get: () => {
      findingArray ??= findings.toArray();
      return findingArray;
    },
  });
  Object.defineProperty(result, 'devices', {
    enumerable: true,
    get: () => {
      deviceArray ??= devices.toArray();
      return deviceArray;
    },
  });
  lists.set(result, { devices, findings });
  return result;
}

/** The lists in blocks behind `result` (made by `blockResult`); undefined for a plain result. */
export function blocksOf(result: EvaluationResult): Lists | undefined {
  return lists.get(result);
}

/** How many devices `result` has, without making its list an array. */
export function deviceCount(result: EvaluationResult): number {
  return lists.get(result)?.devices.length ?? result.devices.length;
}

/** The summary at place `i` of `result`, without making its list an array. */
export function deviceAt(result: EvaluationResult, i: number): DeviceSummary | undefined {
  const l = lists.get(result);
  return l === undefined ? result.devices[i] : l.devices.at(i);
}
