import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { allowedTransitions, checkTransition, isReopen } from "./case-lifecycle";

const refused = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("bad_request");
    return (err as AppError).message;
  }
  throw new Error("expected the transition to be refused");
};

describe("case lifecycle", () => {
  it("allows every forward move, skips included, and one step back", () => {
    expect(allowedTransitions("new")).toEqual(["triage", "investigating", "contained", "closed"]);
    expect(allowedTransitions("triage")).toEqual(["new", "investigating", "contained", "closed"]);
    expect(allowedTransitions("investigating")).toEqual(["triage", "contained", "closed"]);
    expect(allowedTransitions("contained")).toEqual(["investigating", "closed"]);
  });

  it("reopens a closed case to investigating or triage only", () => {
    expect(allowedTransitions("closed")).toEqual(["triage", "investigating"]);
    expect(isReopen("closed", "investigating")).toBe(true);
    expect(isReopen("contained", "investigating")).toBe(false);
    expect(() => checkTransition("closed", "investigating")).not.toThrow();
    expect(() => checkTransition("closed", "triage")).not.toThrow();
    expect(refused(() => checkTransition("closed", "new"))).toMatch(/closed case cannot move to new/);
    expect(refused(() => checkTransition("closed", "contained"))).toMatch(/cannot move to contained/);
  });

  it("refuses backward moves of more than one step and moves to the same status", () => {
    expect(refused(() => checkTransition("contained", "triage"))).toMatch(/contained case cannot move to triage/);
    expect(refused(() => checkTransition("investigating", "new"))).toMatch(/cannot move to new/);
    expect(refused(() => checkTransition("triage", "triage"))).toMatch(/already triage/);
  });

  it("closes only with a classification and a written conclusion, naming what is missing", () => {
    expect(refused(() => checkTransition("investigating", "closed", { conclusion: "done" }))).toMatch(
      /^classification:/,
    );
    expect(refused(() => checkTransition("investigating", "closed", { classification: "true_positive" }))).toMatch(
      /^conclusion:/,
    );
    expect(
      refused(() =>
        checkTransition("investigating", "closed", { classification: "true_positive", conclusion: " \n " }),
      ),
    ).toMatch(/^conclusion:/);
    expect(() =>
      checkTransition("triage", "closed", { classification: "false_positive", conclusion: "Vendor's test page." }),
    ).not.toThrow();
  });

  it("needs no classification for moves other than closing", () => {
    expect(() => checkTransition("new", "investigating")).not.toThrow();
    expect(() => checkTransition("contained", "investigating")).not.toThrow();
  });
});
