import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { canAdminister, canEdit, hasRole, requireRole, type Actor } from "./roles";

const actor = (role: Actor["role"]): Actor => ({ id: 1, email: `${role}@roles.test`, name: role, role });

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("did not throw");
}

describe("roles", () => {
  it("orders admin > analyst > viewer", () => {
    expect(hasRole("admin", "analyst")).toBe(true);
    expect(hasRole("analyst", "analyst")).toBe(true);
    expect(hasRole("viewer", "analyst")).toBe(false);
    expect([canEdit("viewer"), canEdit("analyst"), canEdit("admin")]).toEqual([false, true, true]);
    expect([canAdminister("viewer"), canAdminister("analyst"), canAdminister("admin")]).toEqual([false, false, true]);
  });

  it("requireRole: 401 without an actor, 403 below the role, the actor otherwise", () => {
    const missing = thrown(() => requireRole(null, "viewer"));
    expect(missing.code).toBe("unauthenticated");
    expect(missing.status).toBe(401);
    expect(thrown(() => requireRole(undefined, "admin")).status).toBe(401);

    const low = thrown(() => requireRole(actor("viewer"), "analyst"));
    expect(low.code).toBe("forbidden");
    expect(low.status).toBe(403);
    expect(low.message).toBe("This needs the analyst role; you are viewer.");
    expect(thrown(() => requireRole(actor("analyst"), "admin")).status).toBe(403);

    const admin = actor("admin");
    expect(requireRole(admin, "analyst")).toBe(admin);
    expect(requireRole(actor("viewer"), "viewer").role).toBe("viewer");
  });
});
