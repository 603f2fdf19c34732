"use client";

import { Avatar } from "@/app/_components/avatar";
import type { TPeer } from "@/app/_components/collab/use-peers";
import type { CollabConnection } from "@/lib/collab-client/connection";

/** The connection's state (and what is not sent yet), and who else is reading the chapter. */
export function MarginStatusBar({
  connection,
  peers,
}: {
  connection: CollabConnection | null;
  peers: TPeer[];
}) {
  const status = connection?.status ?? "connecting";
  const unsent = connection?.unsentCount ?? 0;
  const statusLabel =
    status === "connected" ? "Live" : status === "connecting" ? "Connecting…" : "Offline";
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center justify-between gap-2 text-xs text-muted"
    >
      <span className="flex items-center gap-1.5">
        <span
          aria-hidden
          className={`inline-block h-2 w-2 rounded-full ${status === "connected" ? "bg-green-600" : status === "connecting" ? "bg-amber-500" : "bg-red-600"}`}
        />
        {statusLabel}
        {unsent > 0 ? ` · ${unsent} unsent` : ""}
      </span>
      {peers.length > 0 ? (
        <span
          className="flex items-center -space-x-1"
          aria-label={`Also reading: ${peers.map((p) => p.name).join(", ")}`}
        >
          {peers.slice(0, 6).map((peer) => (
            <Avatar key={peer.clientId} id={peer.id} name={peer.name} size={22} />
          ))}
          {peers.length > 6 ? <span className="pl-2">+{peers.length - 6}</span> : null}
        </span>
      ) : null}
    </div>
  );
}
