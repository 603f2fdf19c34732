"use client";

import { useMemo } from "react";
import { byPerson, type TPresent } from "@/app/_components/live/presence";
import { usePeers, usePeersValue } from "@/app/_components/collab/use-peers";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

/** Everyone in the room; re-renders the caller at most four times a second. */
export function usePresent(doc: CollabDoc | null): TPresent[] {
  const peers = usePeers(doc);
  return useMemo(() => byPerson(peers), [peers]);
}

/**
 * How many are in the room (or how many pass `which`, a stable function): the caller re-renders
 * only when the number changes, not when someone scrolls.
 */
export function usePresentCount(
  doc: CollabDoc | null,
  which?: (person: TPresent) => boolean,
): number {
  return usePeersValue(
    doc,
    (peers) => (which ? byPerson(peers).filter(which) : byPerson(peers)).length,
    0,
  );
}
