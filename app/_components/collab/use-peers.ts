"use client";

import { useMemo, useSyncExternalStore } from "react";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

/** One connection's presence on a document, as usePublishPresence states it. */
export type TPeer = {
  clientId: number;
  id: string;
  name: string;
  /** The chapter open (the live room's session document says which). */
  chapterId: string | null;
  /** The paragraph at the top of their screen. */
  paragraphId: string | null;
  /** Whether they follow the host's spotlight (live room). */
  following: boolean;
  /** What they are selecting (margin). */
  selection: { paragraphId: string; start: number; end: number } | null;
};

const EMPTY_PEERS: TPeer[] = [];
const THROTTLE_MS = 250;

/** Every awareness state that names a user, one per connection (mine included), checked field by field. */
export function readPeers(doc: CollabDoc): TPeer[] {
  const peers: TPeer[] = [];
  for (const [clientId, state] of doc.awareness.getStates()) {
    const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
    if (typeof user?.id !== "string" || !user.id) continue;
    const where = state as {
      chapterId?: unknown;
      paragraphId?: unknown;
      following?: unknown;
      selection?: { paragraphId?: unknown; start?: unknown; end?: unknown } | null;
    };
    const selection = where.selection;
    peers.push({
      clientId,
      id: user.id,
      name: typeof user.name === "string" ? user.name : "Reader",
      chapterId: typeof where.chapterId === "string" ? where.chapterId : null,
      paragraphId: typeof where.paragraphId === "string" ? where.paragraphId : null,
      following: where.following !== false,
      selection:
        selection &&
        typeof selection.paragraphId === "string" &&
        Number.isInteger(selection.start) &&
        Number.isInteger(selection.end)
          ? {
              paragraphId: selection.paragraphId,
              start: selection.start as number,
              end: selection.end as number,
            }
          : null,
    });
  }
  return peers;
}

type PeersStore = { subscribe: (listener: () => void) => () => void; get: () => TPeer[] };

const NO_STORE: PeersStore = { subscribe: () => () => undefined, get: () => EMPTY_PEERS };
const stores = new WeakMap<CollabDoc, PeersStore>();

/**
 * One reading of a document's presence, shared by everything that shows it: with a hundred
 * peers scrolling, awareness changes arrive many times a second, and they are folded into at
 * most four snapshots a second.
 */
function peersStore(doc: CollabDoc | null): PeersStore {
  if (!doc) return NO_STORE;
  const existing = stores.get(doc);
  if (existing) return existing;
  const listeners = new Set<() => void>();
  let snapshot = readPeers(doc);
  let timer: number | undefined;
  const flush = () => {
    timer = undefined;
    snapshot = readPeers(doc);
    for (const listener of listeners) listener();
  };
  const schedule = () => {
    if (timer === undefined) timer = window.setTimeout(flush, THROTTLE_MS);
  };
  const store: PeersStore = {
    subscribe(listener) {
      if (listeners.size === 0) {
        // Nobody listened for a while: what was read then may be stale.
        snapshot = readPeers(doc);
        doc.awareness.on("change", schedule);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        doc.awareness.off("change", schedule);
        window.clearTimeout(timer);
        timer = undefined;
      };
    },
    get: () => snapshot,
  };
  stores.set(doc, store);
  return store;
}

/** Everyone present on the document, one entry per connection; re-renders at most 4 times a second. */
export function usePeers(doc: CollabDoc | null): TPeer[] {
  const store = peersStore(doc);
  return useSyncExternalStore(store.subscribe, store.get, () => EMPTY_PEERS);
}

/**
 * A value derived from the peers that the caller re-renders on only when it changes (a number, a
 * string): counting followers does not re-render when someone scrolls.
 */
export function usePeersValue<T extends string | number | boolean | null>(
  doc: CollabDoc | null,
  select: (peers: TPeer[]) => T,
  empty: T,
): T {
  const store = peersStore(doc);
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => empty,
  );
}

/** The others: every connection but mine, and none of my own other tabs. */
export function useOtherPeers(doc: CollabDoc | null, selfId: string): TPeer[] {
  const peers = usePeers(doc);
  return useMemo(
    () =>
      doc
        ? peers.filter((peer) => peer.clientId !== doc.awareness.clientID && peer.id !== selfId)
        : EMPTY_PEERS,
    [doc, peers, selfId],
  );
}
