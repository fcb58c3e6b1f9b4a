// Types of unset-blank-env.js (plain JS: next.config.js loads it without a TypeScript step).
export function unsetBlankEnv(env?: Record<string, string | undefined>): string[];
