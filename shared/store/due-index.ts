// The memory store's due index: members ordered by due time, a member re-added moves to its new time.
// A sorted array: pending absences are few next to state records, and the earliest are read first.
import type { DueEntry } from './store.js';

export class DueIndex {
  private readonly items: DueEntry[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  add(e: DueEntry): void {
    if (this.at.has(e.member)) this.remove(e.member);
    this.at.set(e.member, e.at);
    this.items.splice(this.insertAt(e.at), 0, { member: e.member, at: e.at });
  }

  remove(member: string): void {
    const at = this.at.get(member);
    if (at === undefined) return;
    this.at.delete(member);
    for (let i = this.insertAt(at) - 1; i >= 0 && this.items[i]!.at === at; i--) {
      if (this.items[i]!.member === member) {
        this.items.splice(i, 1);
        return;
      }
    }
  }

  clear(): void {
    this.items.length = 0;
    this.at.clear();
  }

  due(upTo: number, limit: number): DueEntry[] {
    const out: DueEntry[] = [];
    for (const e of this.items) {
      if (e.at > upTo || out.length >= limit) break;
      out.push({ ...e });
    }
    return out;
  }

  /** First position whose time is later than `at` (insertion keeps equal times in arrival order). */
  private insertAt(at: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
