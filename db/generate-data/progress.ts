// One updating progress line per phase on stderr (a plain line every few seconds when stderr is
// not a terminal), and the timings every phase and table end up in.
const nf = new Intl.NumberFormat("en-US");
export const fmt = (n: number) => nf.format(Math.round(n));

export type PhaseTiming = { phase: string; seconds: number; rows: number };

export class Progress {
  private phase = "";
  private startedAt = 0;
  private lastDraw = 0;
  private total: number | undefined;
  private unit = "";
  private done = 0;
  private rows = 0;
  readonly phases: PhaseTiming[] = [];
  private readonly tty: boolean;

  constructor(private readonly enabled: boolean) {
    this.tty = Boolean(process.stderr.isTTY);
  }

  start(phase: string, total?: number, unit = "rows") {
    this.phase = phase;
    this.total = total;
    this.unit = unit;
    this.done = 0;
    this.rows = 0;
    this.startedAt = performance.now();
    this.lastDraw = 0;
    this.draw(true);
  }

  /** `done`: units of the phase (e.g. orders); `rows`: rows written so far in the phase. */
  update(done: number, rows = done) {
    this.done = done;
    this.rows = rows;
    const now = performance.now();
    if (now - this.lastDraw >= (this.tty ? 250 : 5000)) this.draw(false);
  }

  end(rows = this.rows): PhaseTiming {
    this.rows = rows;
    this.done = this.total ?? this.done;
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.draw(true, true);
    const timing = { phase: this.phase, seconds, rows };
    this.phases.push(timing);
    return timing;
  }

  note(message: string) {
    if (!this.enabled) return;
    process.stderr.write(`${this.tty ? "\r\x1b[K" : ""}${message}\n`);
  }

  private draw(force: boolean, final = false) {
    if (!this.enabled) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const of = this.total !== undefined ? `/${fmt(this.total)}` : "";
    const units = this.unit === "rows" ? "" : ` ${this.unit} ·`;
    const line = `[${this.phase}]${units === "" ? "" : ` ${fmt(this.done)}${of}${units}`} ${fmt(this.rows)} rows · ${fmt(this.rows / seconds)} rows/s · ${seconds.toFixed(1)} s`;
    // A terminal gets one line per phase, redrawn in place; a log gets a line every few seconds.
    if (this.tty) process.stderr.write(`\r\x1b[K${line}${final ? "\n" : ""}`);
    else process.stderr.write(`${line}\n`);
  }
}
