// Notifications reach people by email too: a real worker process serving the email queue sends
// them over SMTP to a local server started here (smtp-server), which reads what arrived. A server
// that refuses the first attempt gets the email on a retry; a user who turned email off gets none;
// a notice whose job was never queued (Redis away at commit) is found by the reconciler and sent.
import { randomBytes } from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { addNote } from "../../lib/cases/add-note";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { closeDb, getPrisma } from "../../lib/db";
import { closeQueues } from "../../lib/jobs/queues";
import { mentionMarkdown } from "../../lib/notifications/mentions";
import { setEmailNotifications } from "../../lib/users/set-email-notifications";
import { makeAlert, makeUser } from "../support/case-factories";
import { freePort } from "../support/free-port";
import { pollUntil } from "../support/poll";
import { WorkerProcess } from "../support/worker-process";

const received: ParsedMail[] = [];
let attempts = 0;
/** Subjects whose first delivery the server refuses with a temporary error. */
const refuseOnce = new Set<string>();
let smtp: SMTPServer;
let worker: WorkerProcess;
let author: Actor;

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      attempts++;
      simpleParser(stream)
        .then((mail) => {
          const subject = mail.subject ?? "";
          if (refuseOnce.delete(subject)) {
            const err = new Error("try again later") as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  // Before anything reads the environment: notices made here are marked to be emailed.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.APP_URL = "https://shellcase.example.org";
  worker = WorkerProcess.start(
    {
      SMTP_URL: process.env.SMTP_URL,
      SMTP_FROM: "Shellcase Test <noreply@example.test>",
      APP_URL: "https://shellcase.example.org",
      JOB_BACKOFF_MS: "50",
      RECONCILE_INTERVAL_S: "1",
    },
    ["--queues", "email"],
  );
  await worker.ready();
  author = await makeUser("analyst", "Ana Author");
});

afterAll(async () => {
  await worker?.terminate();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await closeQueues();
  await closeDb();
});

async function newCase() {
  const alert = await makeAlert();
  return createCaseFromAlerts(author, { alertIds: [alert.id] });
}

const mailTo = (address: string) =>
  pollUntil(
    `an email to ${address}`,
    async () => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address),
    (mails) => mails.length > 0,
    { timeoutMs: 30_000 },
  );

describe("notification emails", () => {
  it("arrive after a refused first attempt, once, in plain text, and the notice says emailed", async () => {
    const reader = await makeUser("viewer", `Rae ${randomBytes(2).toString("hex")}`);
    const kase = await newCase();
    const title = (await getPrisma().case.findUniqueOrThrow({ where: { id: kase.id } })).title;
    const subject = `[Shellcase] Ana Author mentioned you in ${kase.number}: ${title}`;
    refuseOnce.add(subject);
    const before = attempts;

    const note = await addNote(author, { caseId: kase.id, body: `${mentionMarkdown(reader)} <b>look</b>` });

    const [mail] = await mailTo(reader.email);
    expect(mail!.subject).toBe(subject);
    expect(mail!.from?.text).toBe('"Shellcase Test" <noreply@example.test>');
    expect(mail!.html).toBe(false);
    expect(mail!.text).toContain(`Open it: https://shellcase.example.org/cases/${kase.number}#note-${note.id}`);
    expect(mail!.headers.get("auto-submitted")).toBe("auto-generated");
    expect(attempts - before).toBe(2);

    const n = await pollUntil(
      "the notice marked emailed",
      () => getPrisma().notification.findFirstOrThrow({ where: { userId: reader.id, caseId: kase.id } }),
      (x) => x.emailState === "sent",
    );
    expect(n.emailSentAt).not.toBeNull();
    // Sent once: the retry did not send it twice.
    expect((await mailTo(reader.email)).length).toBe(1);
  });

  it("are not sent to someone who turned them off; the inbox still has the notice", async () => {
    const quiet = await makeUser("analyst");
    const loud = await makeUser("analyst");
    await setEmailNotifications(quiet, false);
    const kase = await newCase();
    await addNote(author, { caseId: kase.id, body: `${mentionMarkdown(quiet)} and ${mentionMarkdown(loud)}` });

    await mailTo(loud.email);
    const quietNotice = await getPrisma().notification.findFirstOrThrow({ where: { userId: quiet.id } });
    expect(quietNotice.emailState).toBe("none");
    expect(received.some((m) => m.text?.includes(quiet.email) || JSON.stringify(m.to).includes(quiet.email))).toBe(
      false,
    );
  });

  it("whose job was never queued are sent by the reconciler", async () => {
    const late = await makeUser("analyst");
    const kase = await newCase();
    // As if Redis was away when the change committed: pending, no job, made two minutes ago.
    await getPrisma().notification.create({
      data: {
        userId: late.id,
        kind: "case_comment",
        summary: `Ana Author commented on ${kase.number}`,
        link: `/cases/${kase.number}`,
        caseId: kase.id,
        actorId: author.id,
        emailState: "pending",
        createdAt: new Date(Date.now() - 120_000),
      },
    });
    const [mail] = await mailTo(late.email);
    expect(mail!.subject).toBe(`[Shellcase] Ana Author commented on ${kase.number}`);
  });
});
