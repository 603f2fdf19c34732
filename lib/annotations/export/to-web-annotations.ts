import { threadsByChapter } from "./export-input";
import type { TExportInput, TExportMessage, TExportThread } from "./export-input";
import { RESOLVED_TAG, codePointOffset } from "./from-hypothesis";
import { WEB_ANNOTATION_CONTEXT } from "./web-annotation-schema";
import type {
  TTextualBody,
  TWebAnnotation,
  TWebAnnotationCollection,
} from "./web-annotation-schema";

export type TWebAnnotationOptions = {
  /** Prefix of annotation ids; default `<text url>/annotations/`. */
  idBase?: string;
  /** Prefix of creator ids; default `urn:marginalia:user:`. */
  userIdBase?: string;
  /** Display name for a user id when the thread or message does not carry one. */
  resolveName?: (userId: string) => string | undefined;
};

/** The FragmentSelector value that names a paragraph (the reader's `#p-<id>` anchors). */
export function paragraphFragment(paragraphId: string): string {
  return `p-${paragraphId}`;
}

/** HTML fragment identifiers (RFC 3236), as the model's FragmentSelector table names them. */
export const HTML_FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3236" as const;

/** Id of the annotation that opens a thread, and of each reply. */
export function annotationIds(idBase: string, threadId: string) {
  const opening = `${idBase}${encodeURIComponent(threadId)}`;
  return {
    opening,
    reply: (messageId: string) => `${opening}/replies/${encodeURIComponent(messageId)}`,
  };
}

/** The id of a collection's single page (`?page=0`), which the collection's URL also serves. */
export function collectionPageId(collectionId: string): string {
  return `${collectionId}?page=0`;
}

/**
 * A text's comment threads as a W3C Web Annotation collection, at the model's SHOULD level too.
 * Each thread's opening message is a "commenting" annotation whose target is a SpecificResource:
 * the chapter's URL as `source`, and two alternative FragmentSelectors naming the paragraph
 * (`p-<id>`), one refined by a TextQuoteSelector, one by a TextPositionSelector (Unicode code
 * points within that paragraph, converted from our UTF-16 offsets). Each reply is a "replying"
 * annotation whose target is the opening annotation. Tags are `tagging` bodies; a resolved
 * thread carries a "resolved" one. An opening message that was deleted leaves an annotation
 * without a comment body, so its replies keep their target; deleted messages are otherwise left
 * out. The collection names its first and last page (the same single page), the page its
 * collection (`partOf`).
 */
export function toWebAnnotations(
  input: TExportInput,
  options: TWebAnnotationOptions = {},
): TWebAnnotationCollection {
  const textUrl = input.text.url.replace(/\/+$/, "");
  const idBase = options.idBase ?? `${textUrl}/annotations/`;
  const userIdBase = options.userIdBase ?? "urn:marginalia:user:";
  const language = input.text.language ?? undefined;
  const paragraphTexts = new Map(
    input.chapters.flatMap((chapter) =>
      (chapter.paragraphs ?? []).flatMap((paragraph) =>
        paragraph.text === undefined ? [] : [[paragraph.id, paragraph.text] as const],
      ),
    ),
  );

  const creator = (userId: string, name: string | null | undefined) => {
    const resolved = name ?? options.resolveName?.(userId);
    return {
      id: `${userIdBase}${encodeURIComponent(userId)}`,
      type: "Person" as const,
      ...(resolved ? { name: resolved } : {}),
    };
  };
  const textBody = (message: TExportMessage, purpose: "commenting" | "replying"): TTextualBody => ({
    type: "TextualBody",
    value: message.body,
    format: "text/markdown",
    ...(language ? { language } : {}),
    purpose,
  });
  const tagBody = (value: string): TTextualBody => ({
    type: "TextualBody",
    value,
    purpose: "tagging",
  });
  const position = (anchor: TExportThread["anchor"]) => {
    const text = paragraphTexts.get(anchor.paragraphId);
    if (text === undefined) return { start: anchor.start, end: anchor.end };
    return { start: codePointOffset(text, anchor.start), end: codePointOffset(text, anchor.end) };
  };

  const items: TWebAnnotation[] = [];
  for (const { chapter, threads } of threadsByChapter(input)) {
    for (const { thread, opening, replies } of threads) {
      const ids = annotationIds(idBase, thread.id);
      const bodies: TTextualBody[] = [
        // A deleted opening keeps an empty comment body: an annotation SHOULD have a body.
        textBody(opening ?? { id: "", authorId: "", body: "", createdAt: "" }, "commenting"),
        ...(thread.tags ?? []).map(tagBody),
        ...(thread.resolved ? [tagBody(RESOLVED_TAG)] : []),
      ];
      const fragment = {
        type: "FragmentSelector" as const,
        conformsTo: HTML_FRAGMENT_SPEC,
        value: paragraphFragment(thread.anchor.paragraphId),
      };
      items.push({
        id: ids.opening,
        type: "Annotation",
        motivation: "commenting",
        ...(bodies.length === 1 ? { body: bodies[0] } : bodies.length > 1 ? { body: bodies } : {}),
        creator: creator(thread.authorId, opening?.authorName ?? thread.authorName),
        created: thread.createdAt,
        modified: latestChange(thread, opening),
        target: {
          type: "SpecificResource",
          source: chapter.url,
          ...(language ? { language } : {}),
          selector: [
            {
              ...fragment,
              refinedBy: {
                type: "TextQuoteSelector",
                exact: thread.anchor.exact,
                prefix: thread.anchor.prefix,
                suffix: thread.anchor.suffix,
              },
            },
            {
              ...fragment,
              refinedBy: { type: "TextPositionSelector", ...position(thread.anchor) },
            },
          ],
        },
      });
      for (const reply of replies) {
        items.push({
          id: ids.reply(reply.id),
          type: "Annotation",
          motivation: "replying",
          body: textBody(reply, "replying"),
          creator: creator(reply.authorId, reply.authorName),
          created: reply.createdAt,
          modified: reply.editedAt ?? reply.createdAt,
          target: ids.opening,
        });
      }
    }
  }

  const collectionId = idBase.replace(/\/+$/, "");
  const pageId = collectionPageId(collectionId);
  return {
    "@context": WEB_ANNOTATION_CONTEXT,
    id: collectionId,
    type: "AnnotationCollection",
    label: `Comments on ${input.text.title}`,
    total: items.length,
    first: {
      id: pageId,
      type: "AnnotationPage",
      partOf: {
        id: collectionId,
        type: "AnnotationCollection",
        label: `Comments on ${input.text.title}`,
        total: items.length,
      },
      startIndex: 0,
      items,
    },
    last: pageId,
  };
}

function latestChange(thread: TExportThread, opening: TExportMessage | null): string {
  return opening?.editedAt ?? opening?.createdAt ?? thread.createdAt;
}
