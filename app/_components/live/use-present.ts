"use client";

import { useSyncExternalStore } from "react";
import { readPresent, type TPresent } from "@/app/_components/live/presence";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";

const EMPTY_PRESENT: TPresent[] = [];
const THROTTLE_MS = 250;

type PresenceStore = { subscribe: (listener: () => void) => () => void; get: () => TPresent[] };

const NO_STORE: PresenceStore = { subscribe: () => () => undefined, get: () => EMPTY_PRESENT };
const stores = new WeakMap<CollabDoc, PresenceStore>();

/**
 * One reading of the room's presence per document, shared by everything that shows it: with
 * a hundred peers scrolling, awareness changes arrive many times a second, and they are folded
 * into at most four snapshots a second.
 */
function presenceStore(doc: CollabDoc | null): PresenceStore {
  if (!doc) return NO_STORE;
  const existing = stores.get(doc);
  if (existing) return existing;
  const listeners = new Set<() => void>();
  let snapshot = readPresent(doc);
  let timer: number | undefined;
  const flush = () => {
    timer = undefined;
    snapshot = readPresent(doc);
    for (const listener of listeners) listener();
  };
  const schedule = () => {
    if (timer === undefined) timer = window.setTimeout(flush, THROTTLE_MS);
  };
  const store: PresenceStore = {
    subscribe(listener) {
      if (listeners.size === 0) {
        // Nobody listened for a while: what was read then may be stale.
        snapshot = readPresent(doc);
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

/** Everyone in the room; re-renders the caller at most four times a second. */
export function usePresent(doc: CollabDoc | null): TPresent[] {
  const store = presenceStore(doc);
  return useSyncExternalStore(store.subscribe, store.get, () => EMPTY_PRESENT);
}

/**
 * How many are in the room (or how many pass `which`, a stable function): the caller re-renders
 * only when the number changes, not when someone scrolls.
 */
export function usePresentCount(
  doc: CollabDoc | null,
  which?: (person: TPresent) => boolean,
): number {
  const store = presenceStore(doc);
  const count = () => (which ? store.get().filter(which) : store.get()).length;
  return useSyncExternalStore(store.subscribe, count, () => 0);
}
