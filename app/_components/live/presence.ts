import type { TPeer } from "@/app/_components/collab/use-peers";

/** A person in the room (the room's presence is the session document's). */
export type TPresent = TPeer;

/**
 * The people in the room, one entry per person (several tabs count once, the latest state
 * wins), sorted by name so the list does not jump around.
 */
export function byPerson(peers: TPeer[]): TPresent[] {
  const byUser = new Map<string, TPresent>();
  for (const peer of peers) byUser.set(peer.id, peer);
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}
