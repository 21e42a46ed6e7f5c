import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockList } from './block-list.ts';

/** Items equal by key but distinct objects, as findings are. */
interface Item {
  readonly key: number;
}
const compare = (a: Item, b: Item) => a.key - b.key;

/** A plain sorted array, edited the way the fleet state edited its list before blocks. */
function upper(xs: readonly Item[], x: Item): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(xs[mid] as Item, x) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function lower(xs: readonly Item[], x: Item): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(xs[mid] as Item, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Op =
  | { kind: 'put'; key: number }
  | { kind: 'take'; pick: number }
  | { kind: 'takeAt'; pick: number }
  | { kind: 'insertAt'; pick: number; key: number }
  | { kind: 'copy'; editCopy: boolean }
  | { kind: 'set'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('take' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('takeAt' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('insertAt' as const),
    pick: fc.nat(),
    key: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({ kind: fc.constant('copy' as const), editCopy: fc.boolean() }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat() }),
);

describe('BlockList', () => {
  it('keeps the sorted order and places of a plain sorted array, through copies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }),
        fc.array(op, { maxLength: 200 }),
        fc.integer({ min: 2, max: 6 }),
        (start, ops, size) => {
          let plain = start.map((key) => ({ key })).sort(compare);
          let list = BlockList.from(plain, size);
          // Earlier copies must stay as they were, whatever is done to the later ones.
          const kept: { list: BlockList<Item>; items: Item[] }[] = [];
          for (const o of ops) {
            if (o.kind === 'put') {
              const x = { key: o.key };
              const i = upper(plain, x);
              expect(list.bound(x, compare, true)).toBe(i);
              expect(list.bound(x, compare, false)).toBe(lower(plain, x));
              plain.splice(i, 0, x);
              list.insert(i, x);
            } else if (o.kind === 'take') {
              if (plain.length === 0) continue;
              const x = plain[o.pick % plain.length] as Item;
              const i = plain.indexOf(x);
              expect(list.placeOf(x, compare)).toBe(i);
              expect(list.removeAt(i)).toBe(x);
              plain.splice(i, 1);
              // Gone: not found again (an equal may remain).
              expect(list.placeOf(x, compare)).toBe(-1);
            } else if (o.kind === 'takeAt') {
              if (plain.length === 0) continue;
              const i = o.pick % plain.length;
              expect(list.removeAt(i)).toBe(plain[i]);
              plain.splice(i, 1);
            } else if (o.kind === 'insertAt') {
              // Places need not follow an order: the mirror edits by place alone.
              const i = o.pick % (plain.length + 1);
              const x = { key: o.key };
              list.insert(i, x);
              plain.splice(i, 0, x);
              plain = plain.slice().sort(compare);
              list = BlockList.from(plain, size);
            } else if (o.kind === 'set') {
              if (plain.length === 0) continue;
              // An equal in its place: the order holds.
              const i = o.pick % plain.length;
              const x = { key: (plain[i] as Item).key };
              list.set(i, x);
              plain[i] = x;
            } else if (o.editCopy) {
              kept.push({ list, items: plain.slice() });
              list = list.copy();
            } else {
              // The copy is kept; the original goes on being edited.
              kept.push({ list: list.copy(), items: plain.slice() });
            }
            expect(list.length).toBe(plain.length);
          }
          expect(list.toArray()).toEqual(plain);
          expect([...list]).toEqual(plain);
          plain.forEach((x, i) => {
            expect(list.at(i)).toBe(x);
          });
          expect(list.at(plain.length)).toBeUndefined();
          for (const k of kept) {
            const items = k.list.toArray();
            expect(items.length).toBe(k.items.length);
            items.forEach((x, i) => {
              expect(x).toBe(k.items[i]);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('edits by place alone in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.integer()), { maxLength: 300 }),
        fc.integer({ min: 2, max: 5 }),
        (ops, size) => {
          const plain: number[] = [];
          const list = new BlockList<number>(size);
          for (const [put, pick, value] of ops) {
            if (put || plain.length === 0) {
              const i = pick % (plain.length + 1);
              plain.splice(i, 0, value);
              list.insert(i, value);
            } else {
              const i = pick % plain.length;
              expect(list.removeAt(i)).toBe(plain.splice(i, 1)[0]);
            }
          }
          expect(list.toArray()).toEqual(plain);
          expect(() => list.insert(plain.length + 1, 0)).toThrow(RangeError);
          expect(() => list.removeAt(plain.length)).toThrow(RangeError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
