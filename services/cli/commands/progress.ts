// A progress bar on stderr for long replays (redrawn at most 10 times a second; only on a terminal).

export class Progress {
  private last = 0;
  private readonly started = Date.now();
  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream,
  ) {}

  update(done: number, lines: number): void {
    if (!this.out.isTTY) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const frac = this.total ? Math.min(1, done / this.total) : 0;
    const width = 30;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const rate = Math.round(lines / Math.max(0.001, (now - this.started) / 1000));
    this.out.write(`\r${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${lines} lines  ${rate}/s`);
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
