import Link from "next/link";
import { renderDocumentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import { listSessionRecaps } from "@/lib/sessions/live/list-recaps";
import { readSessionArchive } from "@/lib/sessions/live/read-session-archive";
import { RecapEditor } from "./recap-editor";

/**
 * What a live session leaves in its archive, read-only: the spotlight agenda, the shared notes
 * and the recaps pinned to its chapters (editable by whoever runs the session).
 */
export async function SessionArchive({
  sessionId,
  groupId,
  chapters,
  canRecap,
}: {
  sessionId: string;
  groupId: string;
  chapters: { id: string; title: string; textId: string }[];
  canRecap: boolean;
}) {
  const [{ agenda, notes }, recaps] = await Promise.all([
    readSessionArchive(sessionId),
    listSessionRecaps(sessionId),
  ]);
  const recapOf = new Map(recaps.map((recap) => [recap.chapterId, recap.body]));
  const textOf = new Map(chapters.map((chapter) => [chapter.id, chapter.textId]));
  return (
    <div className="space-y-5" data-testid="session-archive">
      <section aria-label="Session agenda">
        <h4 className="mb-2 font-semibold">Agenda (passages discussed)</h4>
        {agenda.length === 0 ? (
          <p className="text-sm text-muted">No passage was put in the spotlight.</p>
        ) : (
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {agenda.map((item) => (
              <li key={`${item.setAt}-${item.paragraphId}`}>
                <Link
                  href={`/groups/${groupId}/texts/${textOf.get(item.chapterId) ?? ""}/chapters/${item.chapterId}#p-${item.paragraphId}`}
                  className="hover:underline"
                >
                  <span className="text-muted">{item.chapterTitle}:</span> {item.excerpt}
                </Link>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-label="Shared notes">
        <h4 className="mb-2 font-semibold">Shared notes</h4>
        {notes.trim() ? (
          <div
            className="comment-body rounded-md border border-line p-3 text-sm"
            data-testid="archived-notes"
            // renderDocumentMarkdown: raw HTML escaped, output through the allow-list sanitiser.
            dangerouslySetInnerHTML={{ __html: renderDocumentMarkdown(notes) }}
          />
        ) : (
          <p className="text-sm text-muted">No shared notes were taken.</p>
        )}
      </section>
      <section aria-label="Chapter recaps" className="space-y-3">
        <h4 className="font-semibold">Recaps pinned to the chapters</h4>
        {chapters.map((chapter) =>
          canRecap ? (
            <RecapEditor
              key={chapter.id}
              sessionId={sessionId}
              chapterId={chapter.id}
              chapterTitle={chapter.title}
              initial={recapOf.get(chapter.id) ?? ""}
            />
          ) : recapOf.get(chapter.id) ? (
            <div key={chapter.id} className="text-sm">
              <p className="font-medium">{chapter.title}</p>
              <div
                className="comment-body"
                // renderDocumentMarkdown: raw HTML escaped, output through the allow-list sanitiser.
                dangerouslySetInnerHTML={{
                  __html: renderDocumentMarkdown(recapOf.get(chapter.id) ?? ""),
                }}
              />
            </div>
          ) : null,
        )}
        {!canRecap && recaps.length === 0 ? (
          <p className="text-sm text-muted">No recaps yet.</p>
        ) : null}
      </section>
    </div>
  );
}
