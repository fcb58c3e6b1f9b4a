// The demo's accounts, one per role. DEMO ONLY: the passwords are published in the README and
// printed by `npm run demo`; never create these users on a real deployment.
import type { Role } from "../lib/auth/roles";

export const DEMO_USERS: { email: string; name: string; role: Role; password: string }[] = [
  { email: "admin@shellcase.demo", name: "Dana Admin", role: "admin", password: "demo-admin-password" },
  { email: "analyst@shellcase.demo", name: "Alex Analyst", role: "analyst", password: "demo-analyst-password" },
  { email: "viewer@shellcase.demo", name: "Vera Viewer", role: "viewer", password: "demo-viewer-password" },
];
