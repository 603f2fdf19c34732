import * as Y from "yjs";
import { readLive } from "@/lib/sessions/live/document/session-document";
import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";
import { loadStoredUpdates } from "@/lib/documents/store";
import { sessionDoc, sessionNotesDoc } from "@/lib/documents/names";

export type TAgendaItem = {
  chapterId: string;
  chapterTitle: string;
  paragraphId: string;
  excerpt: string;
  setAt: string;
  setBy: string;
};

function docOf(updates: Uint8Array[] | undefined): Y.Doc {
  const doc = new Y.Doc();
  if (updates?.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

/**
 * What a session leaves behind, read from its stored documents: the spotlight agenda (each
 * passage once, in the order first shown, with a passage excerpt) and the shared notes.
 */
export async function readSessionArchive(
  sessionId: string,
): Promise<{ agenda: TAgendaItem[]; notes: string }> {
  const liveName = sessionDoc(sessionId);
  const notesName = sessionNotesDoc(sessionId);
  const stored = await loadStoredUpdates(getPool(), [liveName, notesName]);
  const live = docOf(stored.get(liveName));
  const notes = docOf(stored.get(notesName));
  const seen = new Set<string>();
  const spotlights = readLive(live).agenda.filter((item) => {
    const key = `${item.paragraphId}:${item.start ?? ""}:${item.end ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Only the session's own group's paragraphs are quoted, whatever a stored agenda names
  // (spotlights set before ids were checked may name another group's).
  const paragraphs = await db.paragraph.findMany({
    where: {
      id: { in: spotlights.map((item) => item.paragraphId) },
      chapter: { text: { group: { sessions: { some: { id: sessionId } } } } },
    },
    select: { id: true, text: true, chapter: { select: { id: true, title: true } } },
  });
  const byId = new Map(paragraphs.map((paragraph) => [paragraph.id, paragraph]));
  const agenda = spotlights.flatMap((item): TAgendaItem[] => {
    const paragraph = byId.get(item.paragraphId);
    if (!paragraph) return [];
    const passage =
      item.start !== undefined && item.end !== undefined && item.end > item.start
        ? paragraph.text.slice(item.start, item.end)
        : paragraph.text;
    return [
      {
        chapterId: paragraph.chapter.id,
        chapterTitle: paragraph.chapter.title,
        paragraphId: paragraph.id,
        excerpt: passage.length > 240 ? `${passage.slice(0, 240)}…` : passage,
        setAt: item.setAt,
        setBy: item.setBy,
      },
    ];
  });
  const text = notes.getText(SESSION_NOTES_TEXT).toJSON();
  live.destroy();
  notes.destroy();
  return { agenda, notes: text };
}
