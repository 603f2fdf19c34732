"use client";

import type { ReactNode } from "react";

export type TRoomTab = "room" | "agenda" | "notes";

const TABS = [
  ["room", "Room"],
  ["agenda", "Agenda"],
  ["notes", "Notes"],
] as const;

/**
 * The side panel's tabs. Hidden panels stay mounted so the shared notes editor and the held
 * comment being written keep their state while another tab is open.
 */
export function RoomTabs({
  tab,
  onTab,
  room,
  agenda,
  notes,
}: {
  tab: TRoomTab;
  onTab: (tab: TRoomTab) => void;
  room: ReactNode;
  agenda: ReactNode;
  notes: ReactNode;
}) {
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Room panels" className="flex gap-1 border-b border-line">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => onTab(id)}
            className={`-mb-px border-b-2 px-3 py-1 text-sm ${tab === id ? "border-accent font-semibold" : "border-transparent text-muted"}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div hidden={tab !== "room"} className="space-y-4">
        {room}
      </div>
      <div hidden={tab !== "agenda"} className="space-y-4">
        {agenda}
      </div>
      <div hidden={tab !== "notes"}>{notes}</div>
    </div>
  );
}
