// Emails one notification (the email queue's job, workers/processors/email.ts). Plain text only:
// a summary may quote a case title holding an attacker's path, and text cannot run or load
// anything in a mail client. At least once: a crash between sending and marking it sent sends
// it again on retry, which beats losing it. A recipient who turned email off, or was disabled,
// after the notice was made gets nothing.
import nodemailer, { type Transporter } from "nodemailer";
import { getPrisma } from "../db";
import { getEnv } from "../env";

let transport: { url: string; transporter: Transporter } | undefined;

function transporter(url: string): Transporter {
  if (transport?.url !== url) {
    // Short timeouts: a stuck server fails the attempt, and the job's backoff retries it.
    transport = {
      url,
      transporter: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return transport.transporter;
}

/** One line, no control characters: safe in a Subject header. */
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export type EmailOutcome = "sent" | "skipped";

export async function sendNotificationEmail(notificationId: number): Promise<EmailOutcome> {
  const env = getEnv();
  const prisma = getPrisma();
  const n = await prisma.notification.findUnique({
    where: { id: notificationId },
    select: {
      emailState: true,
      summary: true,
      link: true,
      user: { select: { email: true, name: true, disabled: true, emailNotifications: true } },
    },
  });
  if (!n || n.emailState !== "pending") return "skipped";
  if (n.user.disabled || !n.user.emailNotifications || !env.SMTP_URL) {
    const why = !env.SMTP_URL
      ? "SMTP_URL is not set where the email queue runs"
      : "the recipient no longer takes email";
    await prisma.notification.updateMany({
      where: { id: notificationId, emailState: "pending" },
      data: { emailState: "none", emailError: why },
    });
    return "skipped";
  }
  const base = env.APP_URL?.replace(/\/+$/, "");
  const open = base ? `${base}${n.link}` : n.link;
  const profile = base ? `${base}/profile` : "your profile page in Shellcase";
  await transporter(env.SMTP_URL).sendMail({
    from: env.SMTP_FROM,
    to: { name: oneLine(n.user.name, 100), address: n.user.email },
    subject: `[Shellcase] ${oneLine(n.summary, 180)}`,
    text: `${n.summary}\n\nOpen it: ${open}\n\n--\nYou get this because Shellcase notifies you of changes to your cases. Turn these emails off on ${profile}.\n`,
    headers: { "Auto-Submitted": "auto-generated", "X-Shellcase-Notification": String(notificationId) },
  });
  await prisma.notification.updateMany({
    where: { id: notificationId, emailState: "pending" },
    data: { emailState: "sent", emailSentAt: new Date(), emailError: null },
  });
  return "sent";
}

/** The job failed for good: the notice says so (the inbox still has it). */
export async function markEmailFailed(notificationId: number, reason: string): Promise<void> {
  await getPrisma().notification.updateMany({
    where: { id: notificationId, emailState: "pending" },
    data: { emailState: "failed", emailError: reason.slice(0, 1000) },
  });
}

/**
 * Notices still waiting to be emailed a while after they were made: their job was never queued
 * (Redis away at commit) or was lost. Queued again; a job id per notice makes it one job.
 */
export async function pendingEmailsOlderThan(ms: number, limit = 500): Promise<number[]> {
  const rows = await getPrisma().notification.findMany({
    where: { emailState: "pending", createdAt: { lt: new Date(Date.now() - ms) } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
