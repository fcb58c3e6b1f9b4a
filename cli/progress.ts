// A one-line progress bar on stderr, drawn only when stderr is a terminal.
export function createProgress(stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY);
  let lastDrawn = "";
  return {
    update(label: string, fraction: number) {
      if (!enabled) return;
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      const cols = stream.columns ?? 100;
      const text = `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${label}`;
      const line = text.length > cols - 1 ? text.slice(0, cols - 2) + "…" : text;
      if (line === lastDrawn) return;
      lastDrawn = line;
      stream.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (enabled && lastDrawn) stream.write("\r\x1b[2K");
      lastDrawn = "";
    },
  };
}
