// Pending absence deadlines of this instance, ordered by time (a sorted array: pending counts are small).

export interface Deadline {
  deadline: number;
  subject: string;
  slot: string;
  rule: string;
}

export class DeadlineQueue {
  private readonly items: Deadline[] = [];

  push(d: Deadline): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.deadline <= d.deadline) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, d);
  }

  /** Removes and returns every deadline at or before `watermark`. */
  popDue(watermark: number): Deadline[] {
    let n = 0;
    while (n < this.items.length && this.items[n]!.deadline <= watermark) n++;
    return this.items.splice(0, n);
  }

  get size(): number {
    return this.items.length;
  }
}
