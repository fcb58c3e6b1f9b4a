"use client";
// A Markdown textarea that offers people when the writer types `@`: the list filters by name or
// email as they type, ↑/↓ move through it, Enter or Tab picks, Escape closes. Picking writes the
// mention as `[@Name](mention:<id>)` (lib/notifications/mentions.ts), which is what is stored and
// what notifies. The textarea stays uncontrolled (its form resets it after a save), so a page
// refresh from a live update never touches what is being typed.
import { useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from "react";
import { cx } from "@/components/ui/cx";
import { mentionMarkdown } from "@/lib/notifications/mentions";
import type { Person } from "@/lib/users/find-people";
import { TEXTAREA } from "./field-styles";

/** `@` at the start or after a space, then up to 40 characters of a name or address. */
const QUERY_BEFORE_CARET = /(^|[\s(])@([\p{L}\p{N}._+-]{0,40})$/u;
const MAX_SUGGESTIONS = 8;

interface Query {
  /** Where the `@` is in the text. */
  start: number;
  text: string;
}

export function MentionTextarea({
  people,
  className,
  ...props
}: { people: Person[] } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onKeyDown" | "onInput">) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [query, setQuery] = useState<Query | null>(null);
  const [active, setActive] = useState(0);

  const needle = query?.text.toLowerCase() ?? "";
  const suggestions = query
    ? people
        .filter((p) => p.name.toLowerCase().includes(needle) || p.email.toLowerCase().includes(needle))
        .slice(0, MAX_SUGGESTIONS)
    : [];
  const open = suggestions.length > 0;

  const readQuery = () => {
    const el = ref.current;
    if (!el || el.selectionStart !== el.selectionEnd) return setQuery(null);
    const before = el.value.slice(0, el.selectionStart);
    const m = QUERY_BEFORE_CARET.exec(before);
    if (!m) return setQuery(null);
    setQuery({ start: before.length - m[2]!.length - 1, text: m[2]! });
    setActive(0);
  };

  const pick = (person: Person) => {
    const el = ref.current;
    if (!el || !query) return;
    const end = el.selectionStart;
    const inserted = `${mentionMarkdown(person)} `;
    // setRangeText keeps the browser's undo history and fires no React state of ours.
    el.setRangeText(inserted, query.start, end, "end");
    el.focus();
    setQuery(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + suggestions.length) % suggestions.length);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      pick(suggestions[Math.min(active, suggestions.length - 1)]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setQuery(null);
    }
  };

  return (
    <div className="relative">
      <textarea
        {...props}
        ref={ref}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        className={cx(TEXTAREA, className)}
        onKeyDown={onKeyDown}
        onInput={readQuery}
        onClick={readQuery}
        onBlur={() => setQuery(null)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="People to mention"
        hidden={!open}
        className="absolute z-30 mt-1 max-h-64 w-80 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
      >
        {suggestions.map((p, i) => (
          <li
            key={p.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            data-testid="mention-option"
            className={cx("cursor-pointer px-3 py-1.5", i === active ? "bg-blue-50 text-blue-900" : "text-slate-800")}
            // mousedown, not click: the textarea must not lose focus (and close the list) first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(p);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="font-medium">{p.name}</span> <span className="text-slate-500">{p.email}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
