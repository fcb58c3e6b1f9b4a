import { describe, expect, it } from "vitest";
import { MAX_ENTITY_OBJECTS, normaliseEntities } from "./normalise-entities";

describe("normaliseEntities", () => {
  it("resolves $refs to hosts, files, hashes and accounts within the alert", () => {
    const r = normaliseEntities([
      { $id: "2", Type: "Host", HostName: "web01", DnsDomain: "contoso.local", FQDN: "web01.contoso.local" },
      { $id: "3", Type: "filehash", Algorithm: "Sha256", Value: "ABCDEF0123" },
      { $id: "4", Type: "FileHash", Algorithm: "MD5", Value: "d41d8cd98f00b204e9800998ecf8427e" },
      {
        $id: "5",
        Type: "FILE",
        Name: "shell.aspx",
        Directory: "C:\\inetpub\\wwwroot",
        FileHashes: [{ $ref: "3" }, { $ref: "4" }],
      },
      { $id: "6", Type: "account", Name: "svc-web" },
      {
        $id: "7",
        Type: "process",
        ProcessId: 4242,
        CommandLine: "",
        ImageFile: { $ref: "5" },
        Account: { $ref: "6" },
        Host: { $ref: "2" },
      },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.hosts).toEqual([
      { entityId: "2", hostName: "web01", dnsDomain: "contoso.local", fqdn: "web01.contoso.local" },
    ]);
    expect(r.files).toEqual([
      {
        entityId: "5",
        name: "shell.aspx",
        directory: "C:\\inetpub\\wwwroot",
        sha1: null,
        sha256: "abcdef0123",
        md5: "d41d8cd98f00b204e9800998ecf8427e",
        hashes: [{ $ref: "3" }, { $ref: "4" }],
      },
    ]);
    expect(r.processes).toEqual([
      {
        entityId: "7",
        processId: "4242",
        commandLine: null,
        creationTimeUtc: null,
        imageFileRef: "5",
        parentRef: null,
        accountName: "svc-web",
        hostRef: "2",
      },
    ]);
  });

  it("collects inline entities recursively, with synthetic ids that no real $id uses", () => {
    const r = normaliseEntities([
      { $id: "inline-1", Type: "host", HostName: "web01" },
      {
        $id: "2",
        Type: "process",
        CommandLine: "cmd.exe /c whoami",
        CreationTimeUtc: "2024-05-14T10:07:31.8821043Z",
        ImageFile: { Name: "cmd.exe", Directory: "C:\\Windows\\System32" },
        Account: { Name: "DefaultAppPool", NTDomain: "IIS APPPOOL" },
        ParentProcess: {
          Type: "process",
          ProcessId: "5844",
          ImageFile: { $id: "9", Type: "file", Name: "w3wp.exe", FileHashes: [{ Algorithm: "SHA1", Value: "0F3B" }] },
          Host: { $ref: "inline-1" },
        },
      },
      { $id: "3", Type: "process", ProcessId: "1", ParentProcess: { $ref: "9" } },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.files).toEqual([
      expect.objectContaining({ entityId: "inline-2", name: "cmd.exe", directory: "C:\\Windows\\System32" }),
      expect.objectContaining({
        entityId: "9",
        name: "w3wp.exe",
        sha1: "0f3b",
        hashes: [{ Algorithm: "SHA1", Value: "0F3B" }],
      }),
    ]);
    expect(r.processes).toEqual([
      expect.objectContaining({
        entityId: "2",
        imageFileRef: "inline-2",
        parentRef: "inline-3",
        accountName: "IIS APPPOOL\\DefaultAppPool",
        creationTimeUtc: new Date("2024-05-14T10:07:31.882Z"),
      }),
      expect.objectContaining({ entityId: "inline-3", processId: "5844", imageFileRef: "9", hostRef: "inline-1" }),
      expect.objectContaining({ entityId: "3", parentRef: "9" }),
    ]);
    expect(r.hosts.map((h) => h.entityId)).toEqual(["inline-1"]);
  });

  it("leaves a $ref to the object itself unresolved, with a warning", () => {
    const r = normaliseEntities([{ $id: "1", Type: "process", ParentProcess: { $ref: "1" } }]);
    expect(r.errors).toEqual([]);
    expect(r.processes[0]?.parentRef).toBeNull();
    expect(r.warnings).toEqual(['entity 1 has $ref "1" to itself or an object containing it; left unresolved']);
  });

  it("resolves a forward $ref and leaves a dangling one unresolved, with a warning", () => {
    const r = normaliseEntities([
      { $id: "1", Type: "process", ImageFile: { $ref: "2" }, Host: { $ref: "42" } },
      { $id: "2", Type: "file", Name: "cmd.exe" },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.processes).toEqual([expect.objectContaining({ entityId: "1", imageFileRef: "2", hostRef: null })]);
    expect(r.warnings).toEqual(['entity 1 has $ref "42" which points to no $id in this alert; left unresolved']);
  });

  it("reports duplicate and non-text $ids, non-text $refs, non-object entities", () => {
    const r = normaliseEntities([
      { $id: "1", Type: "process", ImageFile: { $ref: "2" } },
      { $id: "2", Type: "file", Name: "a" },
      { $id: "2", Type: "file", Name: "b" },
      "host",
      { $id: 5, Type: "host" },
      { $id: "6", Type: "process", Host: { $ref: "42" }, Account: { $ref: 1 } },
    ]);
    expect(r.errors).toEqual([
      'entity 3 has duplicate $id "2"',
      "entity 4 is not an object (it is a string)",
      "entity 5 has a $id that is not text (a number)",
      "entity 6 has a $ref that is not text (a number)",
    ]);
  });

  it("reports an unparseable CreationTimeUtc", () => {
    const r = normaliseEntities([{ $id: "1", Type: "process", CreationTimeUtc: "last tuesday" }]);
    expect(r.errors).toEqual(['entity 1 (process "1") has CreationTimeUtc "last tuesday" which is not a date']);
  });

  it("stops on a cycle of live objects instead of hanging", () => {
    const a: Record<string, unknown> = { $id: "1", Type: "process" };
    const b: Record<string, unknown> = { Type: "process", ParentProcess: a };
    a.ParentProcess = b;
    const r = normaliseEntities([a]);
    expect(r.errors).toEqual(["entity 1 contains a reference cycle"]);
  });

  it("stops at absurd depth and size", () => {
    let deep: Record<string, unknown> = { Type: "file" };
    for (let i = 0; i < 100_000; i++) deep = { Type: "process", ParentProcess: deep };
    expect(normaliseEntities([deep]).errors).toEqual(["entity 1 is nested more than 32 levels deep"]);

    const many = Array.from({ length: MAX_ENTITY_OBJECTS + 10 }, (_, i) => ({ $id: String(i), Type: "ip" }));
    expect(normaliseEntities(many).errors).toEqual([`Entities holds more than ${MAX_ENTITY_OBJECTS} objects`]);
  });

  it("keeps $ids per call: the same ids in another alert do not clash", () => {
    const entities = [{ $id: "2", Type: "host", HostName: "web01" }];
    expect(normaliseEntities(entities).errors).toEqual([]);
    expect(normaliseEntities(entities).errors).toEqual([]);
  });
});
