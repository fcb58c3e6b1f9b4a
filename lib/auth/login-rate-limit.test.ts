import { describe, expect, it } from "vitest";
import { clientIp, retryAfterMinutes, tooManyAttemptsMessage } from "./login-rate-limit";
import { signInErrorMessage } from "./sign-in-messages";

describe("clientIp", () => {
  it("takes the last X-Forwarded-For entry, the one the nearest proxy wrote", () => {
    expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp("10.1.1.1, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp(["10.1.1.1", "2001:db8::1"])).toBe("2001:db8::1");
    expect(clientIp("::ffff:192.0.2.4")).toBe("192.0.2.4");
  });

  it("pools anything that is not an address under one key", () => {
    expect(clientIp(undefined)).toBe("unknown");
    expect(clientIp("")).toBe("unknown");
    expect(clientIp("evil:key*with spaces")).toBe("unknown");
  });
});

describe("too many attempts", () => {
  it("says how many whole minutes to wait, at least one", () => {
    expect(retryAfterMinutes(1)).toBe(1);
    expect(retryAfterMinutes(61)).toBe(2);
    expect(tooManyAttemptsMessage({ retryAfterSeconds: 30 })).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(tooManyAttemptsMessage({ retryAfterSeconds: 900 })).toBe(
      "Too many sign-in attempts. Try again in 15 minutes.",
    );
  });

  it("is one of the messages the login form shows as is; other text is not", () => {
    const message = tooManyAttemptsMessage({ retryAfterSeconds: 600 });
    expect(signInErrorMessage(message)).toBe(message);
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(signInErrorMessage("<script>alert(1)</script>")).toBe("Sign-in failed. Try again.");
    expect(signInErrorMessage("Too many sign-in attempts. Try again in 5 minutes. Also visit evil.example")).toBe(
      "Sign-in failed. Try again.",
    );
    expect(signInErrorMessage(null)).toBeNull();
  });
});
