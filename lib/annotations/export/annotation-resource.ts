import { withMember } from "@/lib/http/with-member";
import { annotationIdBase, loadExportInput } from "@/lib/annotations/export-text-annotations";
import { toWebAnnotations } from "@/lib/annotations/export/to-web-annotations";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { chapterPath, paragraphPath, textPath } from "@/lib/texts/reader-urls";

/** The media type of Web Annotation JSON-LD (Web Annotation Protocol §4). */
export const ANNOTATION_CONTENT_TYPE =
  'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

/**
 * Content negotiation for annotation, page and collection ids: JSON-LD for clients that ask for
 * JSON (or say nothing), the reader at the passage for a browser (an Accept with text/html and
 * no JSON type).
 */
export function wantsHtml(request: Request): boolean {
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  if (/application\/(ld\+)?json/.test(accept)) return false;
  return accept.includes("text/html");
}

export function jsonLdResponse(value: unknown): Response {
  return new Response(`${JSON.stringify(value, null, 2)}\n`, {
    headers: {
      "content-type": ANNOTATION_CONTENT_TYPE,
      "cache-control": "private, no-store",
      vary: "Accept",
    },
  });
}

export function redirectResponse(baseUrl: string, path: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location: `${baseUrl.replace(/\/+$/, "")}${path}`, vary: "Accept" },
  });
}

async function exportedCollection(groupId: string, textId: string, baseUrl: string) {
  const { input, names } = await loadExportInput(groupId, textId, baseUrl);
  const collection = toWebAnnotations(input, {
    resolveName: (userId) => names.get(userId),
    idBase: annotationIdBase(baseUrl, textId),
  });
  return { input, collection };
}

/** The collection's single page, as its own JSON-LD document (`…/annotations?page=0`). */
export async function annotationPage(groupId: string, textId: string, baseUrl: string) {
  const { collection } = await exportedCollection(groupId, textId, baseUrl);
  return { "@context": collection["@context"], ...collection.first };
}

/**
 * One exported annotation (a thread's opening, or with `messageId` one of its replies) as a
 * JSON-LD document, and the reader path of its passage. 404 when the text has no such
 * (visible) thread or reply.
 */
export async function annotationResource(input: {
  groupId: string;
  textId: string;
  threadId: string;
  messageId?: string;
  baseUrl: string;
}): Promise<{ annotation: Record<string, unknown>; readerPath: string }> {
  const { input: exportInput, collection } = await exportedCollection(
    input.groupId,
    input.textId,
    input.baseUrl,
  );
  const base = annotationIdBase(input.baseUrl, input.textId);
  const openingId = `${base}${encodeURIComponent(input.threadId)}`;
  const id = input.messageId
    ? `${openingId}/replies/${encodeURIComponent(input.messageId)}`
    : openingId;
  const annotation = collection.first.items.find((item) => item.id === id);
  const thread = exportInput.threads.find((entry) => entry.id === input.threadId);
  if (!annotation || !thread) throw new AppError("not_found", "Annotation not found");
  const readerPath = thread.anchor.paragraphId
    ? paragraphPath(input.groupId, input.textId, thread.anchor.chapterId, thread.anchor.paragraphId)
    : thread.anchor.chapterId
      ? chapterPath(input.groupId, input.textId, thread.anchor.chapterId)
      : textPath(input.groupId, input.textId);
  return { annotation: { "@context": collection["@context"], ...annotation }, readerPath };
}

type AnnotationResourceParams = { textId: string; threadId: string; messageId?: string };

/**
 * The GET handler of an annotation id (a thread's opening, or with `messageId` one of its
 * replies): JSON-LD, or a browser sent to the reader at the passage (303). Members only.
 */
export const getAnnotationResource = withMember<AnnotationResourceParams>(
  { permission: "comments.read", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const baseUrl = appUrl();
    const { annotation, readerPath } = await annotationResource({
      groupId: access.groupId,
      textId: params.textId,
      threadId: params.threadId,
      messageId: params.messageId,
      baseUrl,
    });
    return wantsHtml(request) ? redirectResponse(baseUrl, readerPath) : jsonLdResponse(annotation);
  },
);
