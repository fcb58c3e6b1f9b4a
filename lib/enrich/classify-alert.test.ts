import { describe, expect, it } from "vitest";
import { classifyAlert } from "./classify-alert";

const files = (...names: string[]) => names.map((name) => ({ name }));

describe("classifyAlert", () => {
  it("classifies the web shell display names and w3wp.exe children", () => {
    expect(
      classifyAlert({ providerName: "MDATP", displayName: "Possible IIS web shell", files: files("cmd.exe") }).kind,
    ).toBe("command");
    expect(
      classifyAlert({ providerName: "mdatp", displayName: "Some other name", files: files("W3WP.EXE", "cmd.exe") }),
    ).toEqual({
      kind: "command",
      reason: "its entities include the IIS worker process w3wp.exe",
    });
    expect(
      classifyAlert({ providerName: "MDATP", displayName: "A suspicious web script was created", files: [] }).kind,
    ).toBe("command");
    expect(
      classifyAlert({
        providerName: "MDATP",
        displayName: "Possible web shell installation",
        files: files("Setconfigure.aspx", "w3wp.exe"),
      }).kind,
    ).toBe("file");
  });

  it("leaves other providers, non-web alerts and file alerts without a script as other, with the reason", () => {
    expect(
      classifyAlert({ providerName: "ASC", displayName: "Possible IIS web shell", files: files("w3wp.exe") }).reason,
    ).toMatch(/not Defender/);
    expect(
      classifyAlert({
        providerName: "MDATP",
        displayName: "Suspicious PowerShell command line",
        files: files("powershell.exe"),
      }).kind,
    ).toBe("other");
    expect(
      classifyAlert({
        providerName: "MDATP",
        displayName: "Possible web shell installation",
        files: files("readme.txt"),
      }),
    ).toMatchObject({
      kind: "other",
      reason: expect.stringMatching(/no script file/),
    });
  });

  it("says when the alert's entities were unreadable, classifying by its other fields", () => {
    expect(
      classifyAlert({
        providerName: "MDATP",
        displayName: "Possible IIS web shell",
        files: [],
        entitiesUnreadable: true,
      }),
    ).toEqual({
      kind: "command",
      reason: 'entities unreadable; "Possible IIS web shell" is a web shell command alert',
    });
  });
});
