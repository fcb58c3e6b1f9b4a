// The e2e run's mail server: an smtp-server on smtpPort that accepts every message and appends
// it to mailLogPath as one JSON line (to, subject, text), so specs read what people were sent.
import { appendFile, mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { mailLogPath, smtpPort } from "./e2e-env";

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export async function startLocalSmtp(): Promise<() => Promise<void>> {
  await mkdir(dirname(mailLogPath), { recursive: true });
  await rm(mailLogPath, { force: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ""),
          );
          const line: ReceivedMail = { to, subject: mail.subject ?? "", text: mail.text ?? "" };
          await appendFile(mailLogPath, `${JSON.stringify(line)}\n`);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(smtpPort, "127.0.0.1", () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
