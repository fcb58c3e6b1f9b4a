import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createHashSlots } from "./hash-slots";
import { SIGN_IN_BUSY, signInErrorMessage } from "./sign-in-messages";

/** A job that finishes when told to, and says whether it has started. */
function job() {
  let finish!: () => void;
  const state = { started: false, done: new Promise<void>((r) => (finish = r)) };
  return {
    state,
    finish: () => finish(),
    fn: async () => {
      state.started = true;
      await state.done;
      return "hashed";
    },
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("hash slots", () => {
  it("runs at most `max` at once, queues `maxWaiting`, and refuses the rest at once", async () => {
    const slots = createHashSlots({ max: 2, maxWaiting: 1 });
    const [a, b, c] = [job(), job(), job()];
    const runs = [slots.run(a.fn), slots.run(b.fn), slots.run(c.fn)];
    await tick();
    expect([a.state.started, b.state.started, c.state.started]).toEqual([true, true, false]);

    const refused = await slots.run(async () => "never").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "unavailable", message: SIGN_IN_BUSY });
    // The login form shows it as is.
    expect(signInErrorMessage(SIGN_IN_BUSY)).toBe(SIGN_IN_BUSY);

    a.finish();
    await tick();
    expect(c.state.started).toBe(true);
    b.finish();
    c.finish();
    expect(await Promise.all(runs)).toEqual(["hashed", "hashed", "hashed"]);

    // All slots free again, also after a job that throws.
    await expect(slots.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const [d, e] = [job(), job()];
    const more = [slots.run(d.fn), slots.run(e.fn)];
    await tick();
    expect([d.state.started, e.state.started]).toEqual([true, true]);
    d.finish();
    e.finish();
    await Promise.all(more);
  });
});
