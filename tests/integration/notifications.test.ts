// Who is told what, made in the transaction of the change that causes it: the author never, a
// mentioned viewer yes (and still read-only), the owner and watchers of a case on its changes, the
// starter of an import when it ends. A change that does not commit leaves no notification, and a
// notification that cannot be written stops the change.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/roles";
import { addNote } from "../../lib/cases/add-note";
import { assignTask } from "../../lib/cases/assign-task";
import { changeCaseStatus } from "../../lib/cases/change-case-status";
import { createCaseFromAlerts } from "../../lib/cases/create-case-from-alerts";
import { editNote } from "../../lib/cases/edit-note";
import { updateCase } from "../../lib/cases/update-case";
import { watchCase } from "../../lib/cases/watch-case";
import { closeDb, getPrisma } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { markImportFailed } from "../../lib/ingest/run-import-batch";
import { importWebLogFile } from "../../lib/ingest/import-web-log-file";
import { countUnread, findNotifications } from "../../lib/notifications/find-notifications";
import { markNotificationsRead, openNotification } from "../../lib/notifications/mark-read";
import { mentionMarkdown } from "../../lib/notifications/mentions";
import { notify } from "../../lib/notifications/notify";
import { transact } from "../../lib/transact";
import { closeQueues } from "../../lib/jobs/queues";
import { makeAlert, makeUser } from "../support/case-factories";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

let author: Actor;
let colleague: Actor;
let watcher: Actor;
let viewer: Actor;

beforeAll(async () => {
  author = await makeUser("analyst", "Ana Author");
  colleague = await makeUser("analyst", "Carl Colleague");
  watcher = await makeUser("analyst", "Wendy Watcher");
  viewer = await makeUser("viewer", "Vic Viewer");
});

afterAll(async () => {
  await closeQueues();
  await closeDb();
});

async function newCase(owner: Actor = author) {
  const alert = await makeAlert();
  return createCaseFromAlerts(owner, { alertIds: [alert.id] });
}

const inbox = async (user: Actor) => (await findNotifications(user.id, { perPage: 200 })).data;
const kindsFor = async (user: Actor, caseId: number) =>
  (await getPrisma().notification.findMany({ where: { userId: user.id, caseId }, orderBy: { id: "asc" } })).map(
    (n) => n.kind,
  );

describe("mentions", () => {
  it("notify the mentioned, never the author, and a viewer mentioned stays read-only", async () => {
    const kase = await newCase();
    const body = `${mentionMarkdown(viewer)} and ${mentionMarkdown(colleague)} — look at this; me too ${mentionMarkdown(author)}`;
    const note = await addNote(author, { caseId: kase.id, body });

    expect(await kindsFor(viewer, kase.id)).toEqual(["mention"]);
    expect(await kindsFor(colleague, kase.id)).toEqual(["mention"]);
    expect(await kindsFor(author, kase.id)).toEqual([]);
    const [n] = (await inbox(viewer)).filter((x) => x.case?.number === kase.number);
    expect(n).toMatchObject({
      summary: `Ana Author mentioned you in ${kase.number}: ${(await getPrisma().case.findUniqueOrThrow({ where: { id: kase.id } })).title}`,
      readAt: null,
      actor: { name: "Ana Author" },
    });
    expect((await getPrisma().notification.findUniqueOrThrow({ where: { id: n!.id } })).link).toBe(
      `/cases/${kase.number}#note-${note.id}`,
    );

    // Being told about a case gives no right to change it.
    for (const attempt of [
      addNote(viewer, { caseId: kase.id, body: "reply" }),
      editNote(viewer, { noteId: note.id, version: 1, body: "rewritten" }),
    ]) {
      const err = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("forbidden");
    }
    expect(await getPrisma().caseNote.count({ where: { caseId: kase.id } })).toBe(1);
  });

  it("in code are quoted text; an edit notifies only the people it newly mentions", async () => {
    const kase = await newCase();
    const quoted = "```\n" + mentionMarkdown(watcher) + "\n```\nand `" + mentionMarkdown(colleague) + "`";
    const note = await addNote(author, { caseId: kase.id, body: quoted });
    expect(await kindsFor(watcher, kase.id)).toEqual([]);
    expect(await kindsFor(colleague, kase.id)).toEqual([]);

    const edited = await editNote(author, {
      noteId: note.id,
      version: 1,
      body: `${quoted}\n${mentionMarkdown(viewer)}`,
    });
    expect(await kindsFor(viewer, kase.id)).toEqual(["mention"]);
    // Editing again with the same mention tells no one twice.
    await editNote(author, { noteId: note.id, version: edited.version, body: `${mentionMarkdown(viewer)} again` });
    expect(await kindsFor(viewer, kase.id)).toEqual(["mention"]);
  });
});

describe("case changes", () => {
  it("reach the owner and watchers, not the one who made them, one notice per person per change", async () => {
    const kase = await newCase(author);
    await watchCase(watcher, { caseId: kase.id });
    await watchCase(author, { caseId: kase.id }); // the owner watching too: still one notice

    // The colleague comments: owner and watcher hear it; the colleague does not.
    await addNote(colleague, { caseId: kase.id, body: "Found the upload." });
    expect(await kindsFor(author, kase.id)).toEqual(["case_comment"]);
    expect(await kindsFor(watcher, kase.id)).toEqual(["case_comment"]);
    expect(await kindsFor(colleague, kase.id)).toEqual([]);

    // A comment that mentions the watcher: one notice for them, the mention.
    await addNote(colleague, { caseId: kase.id, body: `${mentionMarkdown(watcher)} can you check?` });
    expect(await kindsFor(watcher, kase.id)).toEqual(["case_comment", "mention"]);
    expect(await kindsFor(author, kase.id)).toEqual(["case_comment", "case_comment"]);

    // The owner moves it on: the watcher hears it, the owner (author of the change) does not.
    await changeCaseStatus(author, { caseId: kase.id, version: 1, to: "triage" });
    expect(await kindsFor(watcher, kase.id)).toEqual(["case_comment", "mention", "case_status"]);
    expect(await kindsFor(author, kase.id)).toEqual(["case_comment", "case_comment"]);

    // The watcher gives the case to the colleague: the colleague is assigned, the previous owner
    // hears the owner changed; the watcher made the change and hears nothing.
    await updateCase(watcher, { caseId: kase.id, version: 2, ownerId: colleague.id });
    expect(await kindsFor(colleague, kase.id)).toEqual(["case_assigned"]);
    expect(await kindsFor(author, kase.id)).toEqual(["case_comment", "case_comment", "case_owner"]);
    expect(await kindsFor(watcher, kase.id)).toEqual(["case_comment", "mention", "case_status"]);

    // Severity: owner (now the colleague) and watchers; a title change tells no one.
    await updateCase(author, { caseId: kase.id, version: 3, severity: "High" });
    expect(await kindsFor(colleague, kase.id)).toEqual(["case_assigned", "case_severity"]);
    expect((await kindsFor(watcher, kase.id)).at(-1)).toBe("case_severity");
    const before = await getPrisma().notification.count({ where: { caseId: kase.id } });
    await updateCase(colleague, { caseId: kase.id, version: 4, title: "Renamed" });
    expect(await getPrisma().notification.count({ where: { caseId: kase.id } })).toBe(before);
  });

  it("a task given to someone tells them, and giving it to oneself tells no one", async () => {
    const kase = await newCase();
    const task = await getPrisma().caseTask.findFirstOrThrow({
      where: { caseId: kase.id },
      orderBy: { position: "asc" },
    });
    await assignTask(author, { taskId: task.id, version: task.version, assigneeId: colleague.id });
    const [n] = await getPrisma().notification.findMany({ where: { userId: colleague.id, caseId: kase.id } });
    expect(n).toMatchObject({
      kind: "task_assigned",
      summary: `Ana Author assigned you "${task.title}" in ${kase.number}`,
    });
    await assignTask(author, { taskId: task.id, version: task.version + 1, assigneeId: author.id });
    expect(await kindsFor(author, kase.id)).toEqual([]);
  });

  it("never reach a disabled user", async () => {
    const gone = await makeUser("analyst");
    await getPrisma().user.update({ where: { id: gone.id }, data: { disabled: true } });
    const kase = await newCase();
    await addNote(author, { caseId: kase.id, body: `${mentionMarkdown(gone)} ping` });
    expect(await getPrisma().notification.count({ where: { userId: gone.id } })).toBe(0);
  });
});

describe("the transaction", () => {
  // A trigger refuses the notifications of one marked case: the change that wrote them (the
  // note, its audit entry) must not be there either. The marker is in the case's title, which
  // every notice about the case quotes.
  const marker = `rollback-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    await getPrisma().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_refuse_marked_notice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.summary LIKE '%${marker}%' THEN RAISE EXCEPTION 'notice refused'; END IF;
        RETURN NEW;
      END $$`);
    await getPrisma().$executeRawUnsafe(`
      CREATE TRIGGER test_refuse_marked_notice BEFORE INSERT ON notifications
      FOR EACH ROW EXECUTE FUNCTION test_refuse_marked_notice()`);
  });

  afterAll(async () => {
    await getPrisma().$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_refuse_marked_notice ON notifications`);
    await getPrisma().$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_refuse_marked_notice()`);
  });

  it("a change and its notifications commit together or not at all", async () => {
    const kase = await newCase();
    await updateCase(author, { caseId: kase.id, version: 1, title: `Shell ${marker}` });
    await watchCase(watcher, { caseId: kase.id });
    const audit = () => getPrisma().auditEntry.count({ where: { caseId: kase.id, action: "note.create" } });

    await expect(addNote(colleague, { caseId: kase.id, body: `${mentionMarkdown(viewer)} look` })).rejects.toThrow(
      /notice refused/,
    );
    expect(await getPrisma().caseNote.count({ where: { caseId: kase.id } })).toBe(0);
    expect(await audit()).toBe(0);
    expect(await getPrisma().notification.count({ where: { caseId: kase.id } })).toBe(0);

    // The same change on a case whose notices can be written commits, with them.
    await updateCase(author, { caseId: kase.id, version: 2, title: "Shell" });
    await addNote(colleague, { caseId: kase.id, body: `${mentionMarkdown(viewer)} look` });
    expect(await audit()).toBe(1);
    expect(await kindsFor(viewer, kase.id)).toEqual(["mention"]);
    expect(await kindsFor(watcher, kase.id)).toEqual(["case_comment"]);
  });

  it("a change that throws after notifying leaves none, and nothing runs after it", async () => {
    const kase = await newCase();
    const ran: string[] = [];
    await expect(
      transact(async (tx, after) => {
        await notify(tx, after, { actorId: author.id, caseId: kase.id }, [
          { userId: viewer.id, kind: "mention", summary: "x", link: "/cases/x" },
        ]);
        after.then("marker", async () => void ran.push("after"));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await getPrisma().notification.count({ where: { caseId: kase.id } })).toBe(0);
    expect(ran).toEqual([]);
  });

  it("a stale change (version conflict) tells no one", async () => {
    const kase = await newCase();
    await watchCase(watcher, { caseId: kase.id });
    await changeCaseStatus(colleague, { caseId: kase.id, version: 1, to: "triage" });
    await expect(changeCaseStatus(colleague, { caseId: kase.id, version: 1, to: "investigating" })).rejects.toThrow();
    expect(await kindsFor(watcher, kase.id)).toEqual(["case_status"]);
  });
});

describe("the inbox", () => {
  it("counts unread, marks one or all read, and only ever the reader's own", async () => {
    const reader = await makeUser("analyst");
    const kase = await newCase();
    await addNote(author, { caseId: kase.id, body: `${mentionMarkdown(reader)} one` });
    await addNote(author, { caseId: kase.id, body: `${mentionMarkdown(reader)} two` });
    await addNote(author, { caseId: kase.id, body: `${mentionMarkdown(reader)} three` });
    expect(await countUnread(reader.id)).toBe(3);
    const [newest, middle] = await inbox(reader);
    expect(newest!.summary).toContain("mentioned you");

    // Someone else's ids change nothing.
    expect(await markNotificationsRead(author, { ids: [newest!.id] })).toEqual({
      marked: 0,
      unread: await countUnread(author.id),
    });
    expect(await openNotification(author, newest!.id)).toBeNull();

    expect(await markNotificationsRead(reader, { ids: [newest!.id] })).toEqual({ marked: 1, unread: 2 });
    expect(await openNotification(reader, middle!.id)).toMatch(new RegExp(`^/cases/${kase.number}#note-\\d+$`));
    expect(await countUnread(reader.id)).toBe(1);
    expect(await markNotificationsRead(reader, { all: true })).toEqual({ marked: 1, unread: 0 });
  });
});

describe("imports", () => {
  it("tell whoever started one when it finished, and when it failed for good", async () => {
    const starter = await makeUser("analyst");
    const dir = await mkdtemp(join(tmpdir(), "shellcase-notify-"));
    const path = join(dir, "u_ex261205.log");
    await writeFile(
      path,
      [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        `2026-12-05 10:00:00 10.0.0.5 GET /notify-${randomBytes(4).toString("hex")}.aspx - 443 - 203.0.113.9 Mozilla/5.0 - 200 0 0 15`,
        "",
      ].join("\r\n"),
    );
    const prisma = getPrisma();
    const batch = await prisma.importBatch.create({
      data: { kind: "web_log", fileName: "u_ex261205.log", startedById: starter.id, hostGiven: "NOTIFY01" },
    });
    await importWebLogFile({ batchId: batch.id, path, host: "NOTIFY01" });
    const [done] = await prisma.notification.findMany({ where: { importBatchId: batch.id } });
    expect(done).toMatchObject({
      userId: starter.id,
      kind: "import_finished",
      summary: "Import of u_ex261205.log finished: 1 imported, 0 already there, 0 bad lines",
      link: "/imports",
      actorId: null,
    });

    // A failure that will be retried tells no one; the final one does, once.
    const failing = await prisma.importBatch.create({
      data: { kind: "web_log", fileName: "broken.log", startedById: starter.id, status: "running" },
    });
    await markImportFailed(failing.id, "EIO: i/o error, read");
    await markImportFailed(failing.id, "EIO: i/o error, read");
    const failed = await prisma.notification.findMany({ where: { importBatchId: failing.id } });
    expect(failed.map((n) => [n.kind, n.summary])).toEqual([
      ["import_failed", "Import of broken.log failed: import failed: EIO: i/o error, read"],
    ]);

    // Started from the CLI (no user): nobody to tell.
    const cli = await prisma.importBatch.create({
      data: { kind: "web_log", fileName: "cli.log", startedByLabel: "cli:root", status: "running" },
    });
    await markImportFailed(cli.id, "EIO");
    expect(await prisma.notification.count({ where: { importBatchId: cli.id } })).toBe(0);
  });
});
