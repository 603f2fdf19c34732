"use client";

import { firstVisibleParagraph } from "@/app/_components/collab/use-first-visible-paragraph";
import type { TPresent } from "@/app/_components/live/presence";
import type { TSend, TSpotlightAnchor } from "@/app/_components/live/use-live-commands";
import { usePresentCount } from "@/app/_components/live/use-present";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

const isFollowing = (person: TPresent) => person.following;

/** Shown only to those who run the session; the server checks every command again. */
export function HostControls({
  chapterId,
  sessionDoc,
  hasSpotlight,
  hostId,
  members,
  send,
  spotlightAnchor,
}: {
  chapterId: string;
  sessionDoc: CollabDoc | null;
  hasSpotlight: boolean;
  hostId: string | null;
  members: { id: string; name: string }[];
  send: TSend;
  spotlightAnchor: (anchor: TSpotlightAnchor) => void;
}) {
  const followers = usePresentCount(sessionDoc, isFollowing);
  return (
    <section aria-label="Host controls" className="space-y-2 rounded-md bg-accent-soft p-2">
      <h3 className="text-sm font-semibold">You run the session</h3>
      <p className="text-xs text-muted">
        Select a passage and choose Spotlight, or spotlight the paragraph at the top of your screen.{" "}
        {followers} following.
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => {
            const paragraphId = firstVisibleParagraph();
            if (paragraphId) spotlightAnchor({ chapterId, paragraphId });
          }}
          className="rounded border border-line bg-paper px-2 py-1 text-xs"
        >
          Spotlight the paragraph in view
        </button>
        {hasSpotlight ? (
          <button
            type="button"
            onClick={() => send("spotlight.clear")}
            className="rounded border border-line bg-paper px-2 py-1 text-xs"
          >
            Clear spotlight
          </button>
        ) : null}
      </div>
      <label className="flex items-center gap-2 text-xs">
        Hand the session to
        <select
          value=""
          onChange={(event) => {
            if (event.target.value) send("host.hand", { userId: event.target.value });
          }}
          className="min-w-0 flex-1 rounded border border-line bg-paper px-1 py-0.5"
        >
          <option value="">choose…</option>
          {members
            .filter((member) => member.id !== hostId)
            .map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
        </select>
      </label>
    </section>
  );
}
