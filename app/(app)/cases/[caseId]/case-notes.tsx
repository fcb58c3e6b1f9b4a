// Notes and comments, oldest first, each rendered from Markdown on the server (no raw HTML,
// safe links only) with its edit history; the composer at the bottom for those who may write.
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Markdown } from "@/components/ui/markdown";
import { Panel } from "@/components/ui/panel";
import { UtcTime } from "@/components/ui/utc-time";
import type { Actor } from "@/lib/auth/roles";
import type { CaseNoteItem } from "@/lib/cases/find-case-notes";
import type { Person } from "@/lib/users/find-people";
import { NoteComposer } from "./note-composer";
import { NoteItem } from "./note-item";

export function CaseNotes({
  caseId,
  notes,
  actor,
  editable,
  people,
  names,
}: {
  caseId: number;
  notes: CaseNoteItem[];
  actor: Actor | null;
  editable: boolean;
  /** Who the composer offers for @mentions. */
  people: Person[];
  /** Current names of the users the notes mention, by id. */
  names: Record<number, string>;
}) {
  return (
    <Panel title={`Notes and comments (${notes.length})`} labelledBy="case-notes">
      <div className="space-y-3 p-4" data-testid="case-notes">
        {notes.length === 0 && (
          <EmptyState title="No note or comment yet">
            {editable ? "Write what you found, what you did and what is left." : null}
          </EmptyState>
        )}
        {notes.map((n) => (
          <NoteItem
            key={`${n.id}-${n.version}`}
            note={{ id: n.id, version: n.version, body: n.body }}
            canChange={editable && !!actor && (n.authorId === actor.id || actor.role === "admin")}
            rendered={<Markdown text={n.body} people={names} />}
            people={people}
            header={
              <span className="flex flex-wrap items-center gap-1.5">
                <Badge tone={n.kind === "note" ? "violet" : "neutral"}>{n.kind}</Badge>
                <span className="font-medium text-slate-700">{n.author?.name || n.author?.email || "former user"}</span>
                <UtcTime value={n.createdAt} />
                {n.revisions.length > 0 && <span>· edited</span>}
              </span>
            }
            history={
              n.revisions.length > 0 ? (
                <details className="mt-2 text-xs" data-testid="note-history">
                  <summary className="cursor-pointer text-slate-500 hover:text-slate-800">
                    Edit history ({n.revisions.length} earlier {n.revisions.length === 1 ? "version" : "versions"})
                  </summary>
                  <ol className="mt-1.5 space-y-2 border-l-2 border-slate-200 pl-3">
                    {n.revisions.map((r) => (
                      <li key={r.id}>
                        <p className="text-slate-500">
                          Version {r.version}, replaced by {r.editedBy?.name || r.editedBy?.email || "a former user"} at{" "}
                          <UtcTime value={r.editedAt} />
                        </p>
                        <Markdown text={r.body} people={names} className="mt-0.5 text-slate-600" />
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null
            }
          />
        ))}
        {editable && <NoteComposer caseId={caseId} people={people} />}
      </div>
    </Panel>
  );
}
