/** A binary min-heap with removal of arbitrary items (items remember their index). */

/** Items carry their heap index so removal and re-ordering are O(log n). */
export interface HeapItem { heapIndex: number }

/** Min-heap ordered by `less`. */
export class Heap<T extends HeapItem> {
  private readonly a: T[] = [];

  constructor(private readonly less: (x: T, y: T) => boolean) {}

  get size(): number { return this.a.length; }
  peek(): T | undefined { return this.a[0]; }
  items(): readonly T[] { return this.a; }

  push(x: T): void {
    x.heapIndex = this.a.length;
    this.a.push(x);
    this.up(x.heapIndex);
  }

  pop(): T | undefined {
    const top = this.a[0];
    if (top) this.remove(top);
    return top;
  }

  /** Remove `x` if it is in this heap. */
  remove(x: T): boolean {
    const i = x.heapIndex;
    if (i < 0 || this.a[i] !== x) return false;
    const last = this.a.pop() as T;
    if (last !== x) {
      this.a[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
    x.heapIndex = -1;
    return true;
  }

  /** True if `x` is in this heap. */
  has(x: T): boolean { return x.heapIndex >= 0 && this.a[x.heapIndex] === x; }

  private swap(i: number, j: number): void {
    const x = this.a[i] as T;
    const y = this.a[j] as T;
    this.a[i] = y;
    this.a[j] = x;
    x.heapIndex = j;
    y.heapIndex = i;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.a[i] as T, this.a[p] as T)) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.a.length && this.less(this.a[l] as T, this.a[m] as T)) m = l;
      if (r < this.a.length && this.less(this.a[r] as T, this.a[m] as T)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
