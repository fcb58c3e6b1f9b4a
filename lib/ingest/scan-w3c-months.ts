// A cheap first look at a W3C log: which months its lines fall in, read from the date field's
// first 7 bytes without parsing lines. Only an optimisation — the importer still creates, inside
// its transaction, any partition that a parsed record needs and this scan missed. Months outside
// the accepted time range (log-time-range.ts) are left out: their lines become line errors, and
// must not create a partition first.
import { maxLogTime, monthRange } from "./log-time-range";

const HASH = 0x23;
const NL = 0x0a;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_CARRY = 64 * 1024;

export class W3cMonthScanner {
  readonly months = new Set<string>();
  private dateIndex = -1;
  private directiveMonth: string | null = null;
  private carry: Buffer | null = null;
  private lastMonthBytes = Buffer.alloc(0);
  private readonly first: string;
  private readonly last: string;

  /** `maxTime`: the latest request time accepted (the parser's, so both agree). */
  constructor(maxTime: number = maxLogTime()) {
    ({ first: this.first, last: this.last } = monthRange(maxTime));
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(NL, pos);
      if (nl === -1) break;
      this.line(buf, pos, nl);
      pos = nl + 1;
    }
    if (pos < buf.length) this.carry = Buffer.from(buf.subarray(pos, Math.min(buf.length, pos + MAX_CARRY)));
  }

  end(): void {
    if (this.carry) this.line(this.carry, 0, this.carry.length);
    this.carry = null;
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (end - start < 7) return;
    if (buf[start] === HASH) {
      const text = buf.toString("latin1", start, Math.min(end, start + 4096)).trimEnd();
      if (text.startsWith("#Fields:")) {
        this.dateIndex = text.slice(8).trim().split(/\s+/).indexOf("date");
      } else if (text.startsWith("#Date:")) {
        this.directiveMonth = text.slice(6).trim().slice(0, 7);
        if (this.dateIndex === -1) this.add(this.directiveMonth);
      }
      return;
    }
    if (this.dateIndex === 0) {
      // The common case: compare bytes with the last month seen before making a string.
      const m = buf.subarray(start, start + 7);
      if (m.equals(this.lastMonthBytes)) return;
      this.lastMonthBytes = Buffer.from(m);
      this.add(m.toString("latin1"));
    } else if (this.dateIndex > 0) {
      const fields = buf.toString("latin1", start, end).split(" ");
      const date = fields[this.dateIndex];
      if (date) this.add(date.slice(0, 7));
    } else if (this.directiveMonth) {
      this.add(this.directiveMonth);
    }
  }

  private add(month: string): void {
    if (MONTH.test(month) && month >= this.first && month <= this.last) this.months.add(month);
  }
}
