// A cap on password hashes computed at once. One scrypt hash at OWASP's cost takes 128 MiB and a
// few hundred ms of a core; a burst of sign-in requests (or an attacker's) would otherwise run
// them all at once and exhaust the web process's memory. A few may wait briefly for a slot; past
// that, the sign-in is refused at once with "try again", which costs nothing.
import { AppError } from "../errors";
import { SIGN_IN_BUSY } from "./sign-in-messages";

export interface HashSlots {
  /** Runs `fn` when a slot is free; refuses (AppError "unavailable") when too many are waiting. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createHashSlots(options: { max: number; maxWaiting: number }): HashSlots {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(fn) {
      if (running < options.max) running++;
      else if (waiting.length < options.maxWaiting) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new AppError("unavailable", SIGN_IN_BUSY);
      // A slot handed over by release() keeps `running` as it is.
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

/** The web process's slots: two hashes at once (256 MiB), four more waiting their turn. */
export const hashSlots = createHashSlots({ max: 2, maxWaiting: 4 });
