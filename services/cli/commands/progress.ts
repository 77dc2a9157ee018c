// Progress of a long replay on stderr: a bar redrawn at most 10 times a second on a terminal; elsewhere (CI,
// a pipe) one plain line every `everyLines` records or every second, whichever comes first.

export interface ProgressOptions {
  /** Default: whether the stream is a terminal. */
  tty?: boolean;
  everyLines?: number;
  now?: () => number;
}

export class Progress {
  private last = 0;
  private lastLines = 0;
  private readonly started: number;
  private readonly tty: boolean;
  private readonly everyLines: number;
  private readonly now: () => number;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    options: ProgressOptions = {},
  ) {
    this.tty = options.tty ?? Boolean(out.isTTY);
    this.everyLines = options.everyLines ?? 10_000;
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.last = this.started;
  }

  private latest: [number, number] = [0, 0];

  update(done: number, lines: number): void {
    this.latest = [done, lines];
    const now = this.now();
    const frac = this.total ? Math.min(1, done / this.total) : 0;
    const pct = `${(frac * 100).toFixed(0).padStart(3)}%`;
    const rate = Math.round(lines / Math.max(0.001, (now - this.started) / 1000));
    if (this.tty) {
      if (now - this.last < 100) return;
      this.last = now;
      const width = 30;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      this.out.write(`\r${bar} ${pct}  ${lines} lines  ${rate}/s`);
      return;
    }
    if (lines - this.lastLines < this.everyLines && now - this.last < 1000) return;
    this.last = now;
    this.lastLines = lines;
    this.out.write(`replay: ${lines} lines (${pct.trim()}), ${rate}/s\n`);
  }

  /** Ends the bar; off a terminal, prints the final count unless the last line already showed it. */
  done(): void {
    if (this.tty) this.out.write('\n');
    else if (this.latest[1] > this.lastLines) {
      this.lastLines = -Infinity;
      this.update(...this.latest);
    }
  }
}
