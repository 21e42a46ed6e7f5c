/**
 * A list kept in blocks of bounded size, with the place where each block starts, so that an
 * insert or a removal at a place moves one block (not the whole list) and finding a place is a
 * search over the blocks, then within one: O(sqrt n) per edit rather than O(n). The fleet
 * state's sorted findings (incremental.ts) and the evaluation worker's mirror of them are kept
 * in one: at a million devices, the findings list is some 185,000 long, and a posture report
 * edited it a few times (docs/adr/0046-findings-in-blocks.md).
 *
 * A `copy()` shares the blocks; either list copies a block before it first edits it, so a copy
 * costs the list of blocks, not the items.
 */

/** Items per block once split; a block is split at twice as many. */
const BLOCK = 1_024;

export class BlockList<T> {
  /** Items per block once split (tests make it small). */
  readonly #size: number;
  #blocks: T[][] = [];
  /** Where each block starts in the list; valid up to (not including) block `#dirty`. */
  #starts: number[] = [];
  #dirty = 0;
  #length = 0;
  /** The blocks this list alone holds (the others are shared with a copy: copied before an edit). */
  #own = new WeakSet<T[]>();

  constructor(size = BLOCK) {
    this.#size = Math.max(2, size);
  }

  /** A list of `items`, in their order. */
  static from<T>(items: readonly T[], size = BLOCK): BlockList<T> {
    const list = new BlockList<T>(size);
    const step = list.#size;
    for (let i = 0; i < items.length; i += step) {
      const block = items.slice(i, i + step);
      list.#blocks.push(block);
      list.#own.add(block);
    }
    list.#length = items.length;
    return list;
  }

  get length(): number {
    return this.#length;
  }

  /** The item at place `i`; undefined outside the list. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.#length) return undefined;
    const b = this.#blockOf(i);
    return (this.#blocks[b] as T[])[i - (this.#starts[b] as number)];
  }

  /** Replaces the item at place `i` (0 <= i < length). */
  set(i: number, item: T): void {
    if (i < 0 || i >= this.#length) throw new RangeError(`place ${i} outside 0..${this.#length - 1}`);
    const b = this.#blockOf(i);
    this.#owned(b)[i - (this.#starts[b] as number)] = item;
  }

  /** Puts `item` at place `i` (0 to `length`): the items from `i` on move one place up. */
  insert(i: number, item: T): void {
    if (i < 0 || i > this.#length) throw new RangeError(`place ${i} outside 0..${this.#length}`);
    if (this.#blocks.length === 0) {
      const block = [item];
      this.#blocks.push(block);
      this.#own.add(block);
      this.#starts.length = 0;
      this.#dirty = 0;
      this.#length = 1;
      return;
    }
    // At the end: into the last block.
    const b = i === this.#length ? this.#blocks.length - 1 : this.#blockOf(i);
    const block = this.#owned(b);
    block.splice(i - this.#start(b), 0, item);
    this.#length++;
    this.#touched(b);
    if (block.length >= 2 * this.#size) this.#blocks.splice(b + 1, 0, this.#adopt(block.splice(this.#size)));
  }

  /** Takes out the item at place `i` and returns it. */
  removeAt(i: number): T {
    if (i < 0 || i >= this.#length) throw new RangeError(`place ${i} outside 0..${this.#length - 1}`);
    const b = this.#blockOf(i);
    const block = this.#owned(b);
    const [item] = block.splice(i - (this.#starts[b] as number), 1);
    this.#length--;
    this.#touched(b);
    if (block.length === 0) {
      this.#blocks.splice(b, 1);
      if (b < this.#dirty) this.#dirty = b;
    } else if (block.length < this.#size / 4 && b + 1 < this.#blocks.length) {
      // A small block joins the next one while both fit in one.
      const next = this.#blocks[b + 1] as T[];
      if (block.length + next.length <= this.#size) {
        for (const x of next) block.push(x);
        this.#blocks.splice(b + 1, 1);
      }
    }
    return item as T;
  }

  /**
   * The first place whose item is after `item` (`after`: `compare(x, item) > 0`) or, with
   * `after` false, not before it; the list must be in `compare` order.
   */
  bound(item: T, compare: (a: T, b: T) => number, after: boolean): number {
    const blocks = this.#blocks;
    // The first block whose last item passes; the place is in it (or at the very end).
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid] as T[];
      const c = compare(block[block.length - 1] as T, item);
      if (after ? c <= 0 : c < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return this.#length;
    const block = blocks[lo] as T[];
    let l = 0;
    let h = block.length;
    while (l < h) {
      const mid = (l + h) >>> 1;
      const c = compare(block[mid] as T, item);
      if (after ? c <= 0 : c < 0) l = mid + 1;
      else h = mid;
    }
    return this.#start(lo) + l;
  }

  /** The place of `item` itself (not an equal) in a list in `compare` order; -1 when it is not there. */
  placeOf(item: T, compare: (a: T, b: T) => number): number {
    let i = this.bound(item, compare, false);
    if (i >= this.#length) return -1;
    let b = this.#blockOf(i);
    let k = i - (this.#starts[b] as number);
    for (;;) {
      const block = this.#blocks[b] as T[];
      for (; k < block.length; k++, i++) {
        const x = block[k] as T;
        if (x === item) return i;
        if (compare(x, item) !== 0) return -1;
      }
      b++;
      k = 0;
      if (b >= this.#blocks.length) return -1;
    }
  }

  /** The items in order, as a new array. */
  toArray(): T[] {
    // The engine's concatenation copies each block whole (a loop per item costs several times as much).
    return ([] as T[]).concat(...this.#blocks);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const block of this.#blocks) yield* block;
  }

  /** A list of the same items; the blocks are shared until either list edits them. */
  copy(): BlockList<T> {
    const list = new BlockList<T>(this.#size);
    list.#blocks = this.#blocks.slice();
    list.#starts = this.#starts.slice(0, this.#dirty);
    list.#dirty = list.#starts.length;
    list.#length = this.#length;
    // Neither owns a block now.
    this.#own = new WeakSet();
    return list;
  }

  /** Block `b`, copied first when shared. */
  #owned(b: number): T[] {
    const block = this.#blocks[b] as T[];
    if (this.#own.has(block)) return block;
    const copy = this.#adopt(block.slice());
    this.#blocks[b] = copy;
    return copy;
  }

  #adopt(block: T[]): T[] {
    this.#own.add(block);
    return block;
  }

  /** Block `b`'s count changed (or blocks from `b` on moved): the starts after it are stale. */
  #touched(b: number): void {
    if (b + 1 < this.#dirty) this.#dirty = b + 1;
  }

  #start(b: number): number {
    if (b >= this.#dirty) this.#index(b);
    return this.#starts[b] as number;
  }

  /** Brings the starts up to date through block `upTo`. */
  #index(upTo: number): void {
    const starts = this.#starts;
    let b = this.#dirty;
    let at = b === 0 ? 0 : (starts[b - 1] as number) + (this.#blocks[b - 1] as T[]).length;
    for (; b <= upTo && b < this.#blocks.length; b++) {
      starts[b] = at;
      at += (this.#blocks[b] as T[]).length;
    }
    starts.length = b;
    this.#dirty = b;
  }

  /** The block holding place `i` (0 <= i < length). */
  #blockOf(i: number): number {
    const n = this.#blocks.length;
    if (this.#dirty < n) this.#index(n - 1);
    const starts = this.#starts;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
