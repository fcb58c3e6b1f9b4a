// Structured logs on stderr (stdout belongs to CLI output such as --json documents).
import { getEnv } from "./env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

function threshold(): number {
  const level = process.env.LOG_LEVEL as keyof typeof LEVELS | undefined;
  if (level && level in LEVELS) return LEVELS[level];
  try {
    return LEVELS[getEnv().LOG_LEVEL];
  } catch {
    return LEVELS.info; // configuration is reported by whoever validates it
  }
}

function log(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold()) return;
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }) + "\n");
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => log("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => log("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => log("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => log("error", m, f),
};
