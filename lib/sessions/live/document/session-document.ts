import * as Y from "yjs";

/**
 * The live state of a discussion session (`session:<sessionId>`), written only by the server.
 *
 * Root Y.Map `live`:
 *   host: userId | null — who runs the session now (host.hand passes it on)
 *   spotlight: { chapterId, paragraphId, start?, end?, setBy, setAt } | null — the passage on screen
 *   agenda: Y.Array of the spotlights set so far, oldest first (the session's trail)
 *   queue: Y.Array of { userId, raisedAt } — raised hands, first raised first
 *   floor: userId | null, floorAt: ISO | null — who was last given the floor
 */
export const LIVE_KEY = "live";
export const SESSION_COMMAND_ORIGIN = "marginalia:session-command";

export type TSpotlight = {
  chapterId: string;
  paragraphId: string;
  start?: number;
  end?: number;
  setBy: string;
  setAt: string;
};

export type TRaisedHand = { userId: string; raisedAt: string };

export type TLiveSnapshot = {
  host: string | null;
  spotlight: TSpotlight | null;
  agenda: TSpotlight[];
  queue: TRaisedHand[];
  floor: string | null;
  floorAt: string | null;
};

export function liveMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(LIVE_KEY);
}

/** The Y.Array under `key`, created inside the caller's transaction when missing. */
export function liveArray<T>(doc: Y.Doc, key: "agenda" | "queue"): Y.Array<T> {
  const live = liveMap(doc);
  const existing = live.get(key);
  if (existing instanceof Y.Array) return existing as Y.Array<T>;
  const created = new Y.Array<T>();
  live.set(key, created);
  return created;
}

function arrayOf<T>(value: unknown): T[] {
  return value instanceof Y.Array ? (value.toArray() as T[]) : [];
}

function strOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function readLive(doc: Y.Doc): TLiveSnapshot {
  const live = liveMap(doc);
  const spotlight = live.get("spotlight");
  return {
    host: strOrNull(live.get("host")),
    // Plain objects written by the server after validation.
    spotlight: spotlight && typeof spotlight === "object" ? { ...(spotlight as TSpotlight) } : null,
    agenda: arrayOf<TSpotlight>(live.get("agenda")).map((s) => ({ ...s })),
    queue: arrayOf<TRaisedHand>(live.get("queue")).map((h) => ({ ...h })),
    floor: strOrNull(live.get("floor")),
    floorAt: strOrNull(live.get("floorAt")),
  };
}

/** Sets the scheduled host when a session document is first opened; later opens keep what is there. */
export function initSessionDocument(doc: Y.Doc, hostUserId: string): void {
  if (liveMap(doc).has("host")) return;
  doc.transact(() => {
    const live = liveMap(doc);
    live.set("host", hostUserId);
    live.set("spotlight", null);
    live.set("floor", null);
    live.set("floorAt", null);
    liveArray(doc, "agenda");
    liveArray(doc, "queue");
  }, SESSION_COMMAND_ORIGIN);
}
