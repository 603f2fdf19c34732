"use client";

import type { TSend } from "@/app/_components/live/use-live-commands";
import { Hand, Mic, X } from "lucide-react";
import { Avatar } from "@/app/_components/avatar";
import type { TLiveSnapshot } from "@/lib/sessions/live/document/session-document";

/** Raised hands in order; whoever runs the session gives the floor or lowers a hand. */
export function SpeakingQueue({
  live,
  selfId,
  controls,
  nameOf,
  send,
}: {
  live: TLiveSnapshot;
  selfId: string;
  controls: boolean;
  nameOf: (id: string) => string;
  send: TSend;
}) {
  const raised = live.queue.some((hand) => hand.userId === selfId);
  return (
    <section aria-label="Speaking queue" className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Speaking queue ({live.queue.length})</h3>
        <button
          type="button"
          onClick={() => send(raised ? "hand.lower" : "hand.raise")}
          aria-pressed={raised}
          className={`rounded-full px-3 py-1 text-sm font-medium ${raised ? "bg-accent text-paper" : "border border-line"}`}
        >
          {raised ? (
            "Lower hand"
          ) : (
            <span className="flex items-center gap-1">
              <Hand aria-hidden className="h-4 w-4" />
              Raise hand
            </span>
          )}
        </button>
      </div>
      {live.floor ? (
        <p className="text-sm" data-testid="floor">
          <Mic aria-hidden className="mr-1 inline h-4 w-4 align-[-2px] text-accent" />
          <strong>{live.floor === selfId ? "You have" : `${nameOf(live.floor)} has`}</strong> the
          floor
        </p>
      ) : null}
      {live.queue.length === 0 ? (
        <p className="text-xs text-muted">No hands raised.</p>
      ) : (
        <ol className="space-y-1" data-testid="queue">
          {live.queue.map((hand, position) => (
            <li key={hand.userId} className="flex items-center gap-2 text-sm">
              <span className="w-4 text-right text-xs text-muted">{position + 1}</span>
              <Avatar id={hand.userId} name={nameOf(hand.userId)} size={20} />
              <span className="min-w-0 flex-1 truncate">
                {hand.userId === selfId ? "You" : nameOf(hand.userId)}
              </span>
              {controls ? (
                <>
                  <button
                    type="button"
                    onClick={() => send("floor.give", { userId: hand.userId })}
                    className="rounded border border-line px-2 text-xs hover:bg-accent-soft"
                  >
                    Give the floor
                  </button>
                  <button
                    type="button"
                    onClick={() => send("hand.lower", { userId: hand.userId })}
                    aria-label={`Lower ${nameOf(hand.userId)}'s hand`}
                    className="rounded px-1 text-xs text-muted hover:text-ink"
                  >
                    <X aria-hidden className="h-3.5 w-3.5" />
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
