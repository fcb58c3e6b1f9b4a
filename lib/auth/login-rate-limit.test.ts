import { describe, expect, it } from "vitest";
import { clientIp, retryAfterMinutes, tooManyAttemptsMessage } from "./login-rate-limit";
import { signInErrorMessage } from "./sign-in-messages";

describe("clientIp", () => {
  it("ignores X-Forwarded-For without a trusted proxy: the client wrote it", () => {
    expect(clientIp("203.0.113.9", 0)).toBeNull();
    expect(clientIp("10.1.1.1, 203.0.113.9", 0)).toBeNull();
  });

  it("takes the n-th entry from the right with n trusted proxies", () => {
    expect(clientIp("203.0.113.9", 1)).toBe("203.0.113.9");
    // The client forged "1.2.3.4"; the one proxy appended the address it saw.
    expect(clientIp("1.2.3.4, 203.0.113.9", 1)).toBe("203.0.113.9");
    // Two proxies: the outer one wrote the client, the inner one the outer proxy.
    expect(clientIp("1.2.3.4, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    expect(clientIp(["1.2.3.4", "2001:db8::1", "10.0.0.2"], 2)).toBe("2001:db8::1");
    expect(clientIp("::ffff:192.0.2.4", 1)).toBe("192.0.2.4");
    expect(clientIp(" 198.51.100.7 ,10.0.0.2 ", 2)).toBe("198.51.100.7");
  });

  it("knows no address when the header has fewer entries than proxies, or the entry is not one", () => {
    expect(clientIp("203.0.113.9", 2)).toBeNull();
    expect(clientIp(undefined, 1)).toBeNull();
    expect(clientIp("", 1)).toBeNull();
    expect(clientIp("evil:key*with spaces", 1)).toBeNull();
    expect(clientIp("203.0.113.9, ", 1)).toBe("203.0.113.9");
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
