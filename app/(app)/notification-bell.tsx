"use client";
// The bell in the header: how many notifications I have not read, a link to the inbox. The
// count comes with the page and then from the live stream (`user:<me>`: "notification" and
// "notification.read" events carry the new count), so it moves without a reload.
import Link from "next/link";
import { useState } from "react";
import { userTopic } from "@/lib/live/events";
import { useLive } from "./live/live-provider";

export function NotificationBell({ userId, initialUnread }: { userId: number; initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  useLive([userTopic(userId)], (event) => {
    if (typeof event.data?.unread === "number") setUnread(event.data.unread);
  });
  // A refreshed page brings a fresh count (adjusted while rendering, not in an effect).
  const [fromPage, setFromPage] = useState(initialUnread);
  if (fromPage !== initialUnread) {
    setFromPage(initialUnread);
    setUnread(initialUnread);
  }
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
    >
      <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {unread > 0 && (
        <span
          data-testid="unread-count"
          className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
