import * as Y from "yjs";
import { readThreads } from "@/lib/annotations/comment-document";
import type { TExportInput, TExportThread } from "@/lib/annotations/export/export-input";
import { toMarkdownExport } from "@/lib/annotations/export/to-markdown-export";
import { toWebAnnotations } from "@/lib/annotations/export/to-web-annotations";
import { db } from "@/lib/db/prisma";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors/app-error";
import { loadStoredState } from "@/lib/documents/store";
import { textPath } from "@/lib/texts/reader-urls";
import { chapterDoc } from "@/lib/documents/names";

export type TAnnotationExportFormat = "jsonld" | "markdown";

export type TAnnotationExport = {
  filename: string;
  contentType: string;
  body: string;
};

/**
 * The comment threads of a text as read from the chapter DOCUMENTS (the truth): the projection
 * keeps only the quote and the paragraph, while a Web Annotation needs the whole anchor
 * (TextPositionSelector offsets, prefix and suffix). Only chapters with comment rows are loaded.
 * Hidden messages leave the export like deleted ones.
 */
export async function loadExportInput(
  groupId: string,
  textId: string,
  baseUrl: string,
): Promise<{ input: TExportInput; names: Map<string, string> }> {
  const text = await db.text.findFirst({
    where: { id: textId, groupId },
    select: {
      id: true,
      title: true,
      language: true,
      chapters: {
        orderBy: { index: "asc" },
        select: {
          id: true,
          title: true,
          paragraphs: { orderBy: { index: "asc" }, select: { id: true, text: true } },
        },
      },
    },
  });
  if (!text) throw new AppError("not_found", "Text not found");
  const commented = await db.comment.findMany({
    where: { textId },
    select: { chapterId: true },
    distinct: ["chapterId"],
  });
  const pool = getPool();
  const threads: TExportThread[] = [];
  for (const { chapterId } of commented) {
    const stored = await loadStoredState(pool, chapterDoc(chapterId));
    if (stored.updates.length === 0) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
    for (const thread of readThreads(doc)) {
      threads.push({
        ...thread,
        messages: thread.messages.map((message) => ({
          ...message,
          deleted: message.deleted || message.hidden === true,
        })),
      });
    }
    doc.destroy();
  }
  const authorIds = [
    ...new Set(threads.flatMap((thread) => thread.messages.map((message) => message.authorId))),
  ];
  const users = await db.user.findMany({
    where: { id: { in: authorIds } },
    select: { id: true, name: true },
  });
  const origin = baseUrl.replace(/\/+$/, "");
  const textUrl = `${origin}${textPath(groupId, textId)}`;
  return {
    names: new Map(users.map((user) => [user.id, user.name])),
    input: {
      text: { id: text.id, title: text.title, url: textUrl, language: text.language },
      chapters: text.chapters.map((chapter) => ({
        id: chapter.id,
        title: chapter.title,
        url: `${textUrl}/chapters/${chapter.id}`,
        paragraphs: chapter.paragraphs,
      })),
      threads,
    },
  };
}

/**
 * Annotation ids are API URLs that answer GET (JSON-LD, or a redirect to the reader for a
 * browser): `<base>/api/texts/<textId>/annotations/<threadId>[/replies/<messageId>]`; the
 * collection is `<base>/api/texts/<textId>/annotations`, its page `…?page=0`.
 */
export function annotationIdBase(baseUrl: string, textId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/api/texts/${encodeURIComponent(textId)}/annotations/`;
}

function fileStem(title: string): string {
  const stem = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .toLowerCase()
    .slice(0, 60);
  return `${stem || "text"}-comments`;
}

/** A text's comments as W3C Web Annotation JSON-LD or as a Markdown digest, ready to download. */
export async function exportTextAnnotations(
  groupId: string,
  textId: string,
  format: TAnnotationExportFormat,
  baseUrl: string,
): Promise<TAnnotationExport> {
  const { input, names } = await loadExportInput(groupId, textId, baseUrl);
  const resolveName = (userId: string) => names.get(userId);
  if (format === "markdown") {
    return {
      filename: `${fileStem(input.text.title)}.md`,
      contentType: "text/markdown; charset=utf-8",
      body: toMarkdownExport(input, { resolveName }),
    };
  }
  return {
    filename: `${fileStem(input.text.title)}.jsonld`,
    contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    body: `${JSON.stringify(
      toWebAnnotations(input, {
        resolveName,
        idBase: annotationIdBase(baseUrl, textId),
      }),
      null,
      2,
    )}\n`,
  };
}
