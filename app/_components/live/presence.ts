import type { CollabDoc } from "@/lib/collab-client/collab-doc";

export type TPresent = {
  clientId: number;
  id: string;
  name: string;
  chapterId: string | null;
  paragraphId: string | null;
  following: boolean;
};

/**
 * The people in the room from the session document's awareness, one entry per person (several
 * tabs count once, the latest state wins), sorted by name so the list does not jump around.
 */
export function readPresent(doc: CollabDoc): TPresent[] {
  const byUser = new Map<string, TPresent>();
  for (const [clientId, state] of doc.awareness.getStates()) {
    const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
    if (typeof user?.id !== "string") continue;
    const where = state as { chapterId?: unknown; paragraphId?: unknown; following?: unknown };
    byUser.set(user.id, {
      clientId,
      id: user.id,
      name: typeof user.name === "string" ? user.name : "Reader",
      chapterId: typeof where.chapterId === "string" ? where.chapterId : null,
      paragraphId: typeof where.paragraphId === "string" ? where.paragraphId : null,
      following: where.following !== false,
    });
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The paragraph at the top of the reader's screen. */
export function firstVisibleParagraph(): string | null {
  for (const element of document.querySelectorAll<HTMLElement>("[data-paragraph-id]")) {
    if (element.getBoundingClientRect().bottom > 80) return element.dataset.paragraphId ?? null;
  }
  return null;
}
