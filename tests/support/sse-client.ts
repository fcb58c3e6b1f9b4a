// Reads a server-sent event stream in a test: every frame kept in order, waits on frames (never
// on time), and a promise for the end of the stream.
import type { LiveEvent } from "../../lib/live/events";

export interface SseFrame {
  id?: string;
  event?: string;
  data: LiveEvent;
}

export class SseClient {
  readonly frames: SseFrame[] = [];
  /** Comment lines seen (": connected", ": ping"). */
  readonly comments: string[] = [];
  readonly ended: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private done = false;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    this.ended = this.read().finally(() => {
      this.done = true;
      for (const w of this.waiters) w();
    });
  }

  /** Opens `url`; a non-200 answer is returned as a client whose stream is its (JSON) body. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { Accept: "text/event-stream", ...headers },
      signal: controller.signal,
    });
    return new SseClient(response, controller);
  }

  get status(): number {
    return this.response.status;
  }

  private async read(): Promise<void> {
    if (this.response.status !== 200 || !this.response.body) return;
    const reader = this.response.body.getReader();
    const decoder = new TextDecoder();
    let pending = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        pending += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = pending.indexOf("\n\n")) >= 0) {
          this.parse(pending.slice(0, end));
          pending = pending.slice(end + 2);
        }
        for (const w of this.waiters) w();
      }
    } catch (err) {
      if (!this.controller.signal.aborted) throw err;
    }
  }

  private parse(block: string) {
    const frame: Partial<SseFrame> = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) this.comments.push(line);
      else if (line.startsWith("id: ")) frame.id = line.slice(4);
      else if (line.startsWith("event: ")) frame.event = line.slice(7);
      else if (line.startsWith("data: ")) frame.data = JSON.parse(line.slice(6)) as LiveEvent;
    }
    if (frame.data) this.frames.push(frame as SseFrame);
  }

  /** Resolves once `count` frames matching `match` have arrived (they stay in `frames`). */
  async waitFor(match: (f: SseFrame) => boolean, count = 1, what = "frames"): Promise<SseFrame[]> {
    for (;;) {
      const found = this.frames.filter(match);
      if (found.length >= count) return found;
      if (this.done) throw new Error(`stream ended before ${count} ${what}; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const w = () => {
          this.waiters.delete(w);
          resolve();
        };
        this.waiters.add(w);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
