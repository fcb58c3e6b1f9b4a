// Turns a SecurityAlert `Entities` array into the hosts, files and processes the investigation
// uses (AlertHost, AlertFile, AlertProcess).
//
// `Entities` is serialised with JSON.NET reference handling: every object may carry a string
// `$id`, and `{"$ref": "<id>"}` stands for an object written earlier (in document order, so an
// ancestor or anything before it). `$id`s restart in every alert, so resolution is within one
// alert only.
//
// Real exports break that rule (Sentinel truncates large values, people edit exports), and an alert
// must not be lost for it. A reference that cannot be followed is left unresolved: the entity's
// field (imageFileRef, parentRef, hostRef, …) is null, `Entities` keeps the `{"$ref": …}` as
// received, and a warning says why:
//   - dangling: no object in the alert has that `$id`;
//   - self: the `$ref` points to the object that holds it or an enclosing one (a process that is
//     its own parent); also a ParentProcess chain that loops back to itself.
// A forward `$ref` (its `$id` is written later in the alert) is resolved: `$id`s are unique within
// an alert (a duplicate is an error), so the target is unambiguous and costs one map lookup. Nested entities may also be written inline (a process whose `ImageFile` is a full
// file object, with or without its own `$id`); those are collected too, and an inline host, file
// or process without `$id` gets a synthetic id `inline-N`.
//
// The data is attacker-influenced (a file name or command line is whatever the attacker chose),
// so the walk is bounded: depth, object count and (for callers passing live objects) cycles.

import {
  type AlertFileEntity,
  type AlertHostEntity,
  type AlertProcessEntity,
  type NormalisedEntities,
  describeType,
  parseAlertTime,
  quote,
} from "./parsed-alert";

/** Deeper nesting than this is not a real alert. */
export const MAX_ENTITY_DEPTH = 32;
/** More objects than this in one alert's entities is not a real alert. */
export const MAX_ENTITY_OBJECTS = 20_000;

type Kind = "host" | "file" | "process";
type Obj = Record<string, unknown>;

interface Collected {
  obj: Obj;
  kind: Kind;
  /** 1-based position of the top-level entity this object is (or is nested in). */
  entity: number;
}

const KINDS = new Set<string>(["host", "file", "process"]);
/** What an inline object without `Type` is, from the property that holds it. */
const IMPLIED_KIND: Record<string, Kind> = { imagefile: "file", parentprocess: "process", host: "host" };

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Own property `key`, else one whose name matches case-insensitively. */
function get(o: Obj, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function text(v: unknown): string | null {
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return null;
}

function isRef(o: Obj): boolean {
  return Object.hasOwn(o, "$ref");
}

export function normaliseEntities(entities: unknown[]): NormalisedEntities {
  const errors: string[] = [];
  const warnings: string[] = [];
  const byId = new Map<string, Obj>();
  /** `{"$ref"}` objects whose target is not known yet (forward or dangling), checked after the walk. */
  const pendingRefs: { ref: Obj; id: string; entity: number }[] = [];
  /** `{"$ref"}` objects that are not followed (dangling or self). */
  const unresolved = new Set<Obj>();
  const collected: Collected[] = [];
  const seen = new Set<object>();
  const ancestors = new Set<object>();
  let objects = 0;
  let aborted = false;

  function visit(value: unknown, entity: number, depth: number, implied: Kind | null): void {
    if (aborted || typeof value !== "object" || value === null) return;
    if (ancestors.has(value)) {
      errors.push(`entity ${entity} contains a reference cycle`);
      return;
    }
    if (seen.has(value)) return; // the same live object reached twice: already handled
    if (depth > MAX_ENTITY_DEPTH) {
      errors.push(`entity ${entity} is nested more than ${MAX_ENTITY_DEPTH} levels deep`);
      return;
    }
    if (++objects > MAX_ENTITY_OBJECTS) {
      errors.push(`Entities holds more than ${MAX_ENTITY_OBJECTS} objects`);
      aborted = true;
      return;
    }
    seen.add(value);
    ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        for (const item of value) visit(item, entity, depth + 1, null);
        return;
      }
      const o = value as Obj;
      if (isRef(o)) {
        const ref = o.$ref;
        if (typeof ref !== "string") {
          errors.push(`entity ${entity} has a $ref that is not text (${describeType(ref)})`);
        } else if (!byId.has(ref)) {
          pendingRefs.push({ ref: o, id: ref, entity });
        } else if (ancestors.has(byId.get(ref)!)) {
          unresolved.add(o);
          warnings.push(
            `entity ${entity} has $ref ${quote(ref)} to itself or an object containing it; left unresolved`,
          );
        }
        return; // a reference: its target is visited where it is written
      }
      if (Object.hasOwn(o, "$id")) {
        const id = o.$id;
        if (typeof id !== "string") {
          errors.push(`entity ${entity} has a $id that is not text (${describeType(id)})`);
        } else if (byId.has(id)) {
          errors.push(`entity ${entity} has duplicate $id ${quote(id)}`);
        } else {
          byId.set(id, o);
        }
      }
      const type = get(o, "Type");
      const kind = typeof type === "string" ? type.toLowerCase() : implied;
      if (kind !== null && KINDS.has(kind)) collected.push({ obj: o, kind: kind as Kind, entity });
      for (const key of Object.keys(o)) {
        if (key === "$id") continue;
        visit(o[key], entity, depth + 1, IMPLIED_KIND[key.toLowerCase()] ?? null);
      }
    } finally {
      ancestors.delete(value);
    }
  }

  entities.forEach((e, i) => {
    if (!isObj(e)) {
      errors.push(`entity ${i + 1} is not an object (it is ${describeType(e)})`);
      return;
    }
    visit(e, i + 1, 0, null);
  });
  for (const { ref, id, entity } of pendingRefs) {
    if (byId.has(id)) continue; // a forward reference: resolved below like any other
    unresolved.add(ref);
    warnings.push(`entity ${entity} has $ref ${quote(id)} which points to no $id in this alert; left unresolved`);
  }

  // Ids: the entity's own $id, else a synthetic one that no real $id uses.
  const ids = new Map<Obj, string>();
  let synthetic = 0;
  function idOf(o: Obj): string {
    const own = o.$id;
    if (typeof own === "string") return own;
    let id = ids.get(o);
    if (id === undefined) {
      do id = `inline-${++synthetic}`;
      while (byId.has(id));
      ids.set(o, id);
    }
    return id;
  }
  for (const c of collected) idOf(c.obj);

  /** A nested value: `{"$ref": id}` → that id and its target; an inline object → itself. */
  function resolve(v: unknown): { ref: string | null; target: Obj | null } {
    if (!isObj(v)) return { ref: null, target: null };
    if (isRef(v)) {
      const ref = typeof v.$ref === "string" && !unresolved.has(v) ? v.$ref : null;
      return { ref, target: ref === null ? null : (byId.get(ref) ?? null) };
    }
    return { ref: idOf(v), target: v };
  }

  /** A list, possibly a `$ref` to one or a JSON.NET `{"$values": [...]}` wrapper. */
  function list(v: unknown): unknown[] {
    const target = isObj(v) ? resolve(v).target : v;
    if (Array.isArray(target)) return target;
    if (isObj(target) && Array.isArray(target.$values)) return target.$values as unknown[];
    return [];
  }

  function accountName(v: unknown): string | null {
    const { target } = resolve(v);
    if (!target) return null;
    const name = text(get(target, "Name"));
    const domain = text(get(target, "NTDomain"));
    if (name === null) return null;
    return domain === null ? name : `${domain}\\${name}`;
  }

  const hosts: AlertHostEntity[] = [];
  const files: AlertFileEntity[] = [];
  const processes: AlertProcessEntity[] = [];

  for (const { obj, kind, entity } of collected) {
    const entityId = idOf(obj);
    if (kind === "host") {
      hosts.push({
        entityId,
        hostName: text(get(obj, "HostName")),
        dnsDomain: text(get(obj, "DnsDomain")),
        fqdn: text(get(obj, "FQDN")),
      });
    } else if (kind === "file") {
      const hashes = get(obj, "FileHashes");
      const file: AlertFileEntity = {
        entityId,
        name: text(get(obj, "Name")),
        directory: text(get(obj, "Directory")),
        sha1: null,
        sha256: null,
        md5: null,
        hashes: hashes ?? null,
      };
      for (const h of list(hashes)) {
        const { target } = resolve(h);
        if (!target) continue;
        const algorithm = text(get(target, "Algorithm"))
          ?.toLowerCase()
          .replace(/[^a-z0-9]/g, "");
        const value = text(get(target, "Value"))?.toLowerCase() ?? null;
        if (algorithm === "sha1" || algorithm === "sha256" || algorithm === "md5") file[algorithm] ??= value;
      }
      files.push(file);
    } else {
      const created = get(obj, "CreationTimeUtc");
      let creationTimeUtc: Date | null = null;
      if (typeof created === "string" && created.trim() !== "") {
        creationTimeUtc = parseAlertTime(created);
        if (!creationTimeUtc) {
          errors.push(
            `entity ${entity} (process ${quote(entityId)}) has CreationTimeUtc ${quote(created)} which is not a date`,
          );
        }
      } else if (created !== undefined && created !== null && created !== "") {
        errors.push(
          `entity ${entity} (process ${quote(entityId)}) has CreationTimeUtc ${quote(created)} which is not a date`,
        );
      }
      processes.push({
        entityId,
        processId: text(get(obj, "ProcessId")),
        commandLine: text(get(obj, "CommandLine")),
        creationTimeUtc,
        imageFileRef: resolve(get(obj, "ImageFile")).ref,
        parentRef: resolve(get(obj, "ParentProcess")).ref,
        accountName: accountName(get(obj, "Account")),
        hostRef: resolve(get(obj, "Host")).ref,
      });
    }
  }

  breakParentLoops(processes, warnings);
  return { hosts, files, processes, errors, warnings };
}

/**
 * A ParentProcess chain that comes back to where it started (1 → 2 → 1, possible with forward
 * references) is cut at the link that closes it, so parent links stored in the database form trees.
 */
function breakParentLoops(processes: AlertProcessEntity[], warnings: string[]): void {
  const byEntity = new Map(processes.map((p) => [p.entityId, p]));
  // 1: on the chain being walked; 2: known to end without a loop.
  const state = new Map<string, 1 | 2>();
  for (const start of processes) {
    const walked: AlertProcessEntity[] = [];
    let p: AlertProcessEntity | undefined = start;
    while (p && !state.has(p.entityId)) {
      state.set(p.entityId, 1);
      walked.push(p);
      const parent: AlertProcessEntity | undefined = p.parentRef === null ? undefined : byEntity.get(p.parentRef);
      if (parent && state.get(parent.entityId) === 1) {
        warnings.push(
          `process ${quote(p.entityId)} has a ParentProcess chain that leads back to itself; its parent was left unresolved`,
        );
        p.parentRef = null;
        break;
      }
      p = parent;
    }
    for (const w of walked) state.set(w.entityId, 2);
  }
}
