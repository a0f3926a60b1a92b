/**
 * The merges of a Hugging Face BPE model as symbol-id pairs in typed arrays: merge rank → (left, right, result)
 * and an open-addressing hash table (pair → rank + 1, linear probing). Qwen3's 151,387 merges take ≈ 3.8 MB
 * this way, against a Map of 151,387 JSON-stringified pairs (the reference tokenizer's `bpe_ranks`).
 */

/** 32-bit mix of a symbol-id pair (murmur3-style finalizer over a golden-ratio multiply). */
function hashPair(left: number, right: number): number {
  let h = Math.imul(left, 0x9e3779b1) ^ right;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class BpeMergeTable {
  private left: Int32Array;
  private right: Int32Array;
  private merged: Int32Array;
  /** rank + 1 per slot (0: empty); a power of two at least twice the number of merges. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedMerges: number) {
    const capacity = Math.max(16, expectedMerges);
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.merged = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the merge left + right → merged with the next rank (merges are added in the file's order, so the rank
   * is the index in the merge list). A repeated pair takes the later rank, as in the Map that Hugging Face's
   * tokenizers (Rust and transformers.js) build from the list; their files have no repeated pair.
   */
  add(left: number, right: number, merged: number): void {
    if (this.count >= this.left.length) this.growRanks(this.count * 2);
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const rank = this.count++;
    this.left[rank] = left;
    this.right[rank] = right;
    this.merged[rank] = merged;
    this.place(rank);
  }

  /** The rank of merging left + right, or -1 when the pair does not merge. */
  rankOf(left: number, right: number): number {
    let slot = hashPair(left, right) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const rank = entry - 1;
      if (this.left[rank] === left && this.right[rank] === right) return rank;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The symbol id a merge of the given rank produces. */
  mergedOf(rank: number): number {
    return this.merged[rank];
  }

  /** Points the pair's slot at `rank`: a free slot, or the one a previous merge of the same pair holds. */
  private place(rank: number): void {
    const left = this.left[rank];
    const right = this.right[rank];
    let slot = hashPair(left, right) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0 || (this.left[entry - 1] === left && this.right[entry - 1] === right)) break;
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = rank + 1;
  }

  private growRanks(size: number): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.left = grow(this.left);
    this.right = grow(this.right);
    this.merged = grow(this.merged);
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let rank = 0; rank < this.count; rank++) this.place(rank);
  }

  /** Gives back the unused tail of the rank arrays once every merge is in. */
  trim(): void {
    this.left = this.left.slice(0, this.count);
    this.right = this.right.slice(0, this.count);
    this.merged = this.merged.slice(0, this.count);
  }
}
