import { threadsByChapter } from "./export-input";
import type { TExportInput, TExportMessage, TExportThread } from "./export-input";
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

/** The fragment that names a paragraph inside a chapter URL; import reads it back. */
export function paragraphFragment(paragraphId: string): string {
  return `#p-${paragraphId}`;
}

/** Id of the annotation that opens a thread, and of each reply. */
export function annotationIds(idBase: string, threadId: string) {
  const opening = `${idBase}${encodeURIComponent(threadId)}`;
  return {
    opening,
    reply: (messageId: string) => `${opening}/replies/${encodeURIComponent(messageId)}`,
  };
}

/**
 * A text's comment threads as a W3C Web Annotation collection. Each thread's opening message is
 * a "commenting" annotation on `<chapter url>#p-<paragraphId>` with a TextQuoteSelector and a
 * TextPositionSelector (offsets within that paragraph); each reply a "replying" annotation whose
 * target is the opening annotation. A resolved thread carries a "resolved" tagging body. An
 * opening message that was deleted leaves an annotation without a comment body, so its replies
 * keep their target; deleted messages are otherwise left out.
 */
export function toWebAnnotations(
  input: TExportInput,
  options: TWebAnnotationOptions = {},
): TWebAnnotationCollection {
  const textUrl = input.text.url.replace(/\/+$/, "");
  const idBase = options.idBase ?? `${textUrl}/annotations/`;
  const userIdBase = options.userIdBase ?? "urn:marginalia:user:";

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
    purpose,
  });

  const items: TWebAnnotation[] = [];
  for (const { chapter, threads } of threadsByChapter(input)) {
    for (const { thread, opening, replies } of threads) {
      const ids = annotationIds(idBase, thread.id);
      const bodies: TTextualBody[] = [
        ...(opening ? [textBody(opening, "commenting")] : []),
        ...(thread.resolved
          ? [{ type: "TextualBody" as const, value: "resolved", purpose: "tagging" as const }]
          : []),
      ];
      items.push({
        id: ids.opening,
        type: "Annotation",
        motivation: "commenting",
        ...(bodies.length === 1 ? { body: bodies[0] } : bodies.length > 1 ? { body: bodies } : {}),
        creator: creator(thread.authorId, opening?.authorName ?? thread.authorName),
        created: thread.createdAt,
        modified: latestChange(thread, opening),
        target: {
          source: `${chapter.url}${paragraphFragment(thread.anchor.paragraphId)}`,
          selector: [
            {
              type: "TextQuoteSelector",
              exact: thread.anchor.exact,
              prefix: thread.anchor.prefix,
              suffix: thread.anchor.suffix,
            },
            { type: "TextPositionSelector", start: thread.anchor.start, end: thread.anchor.end },
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

  return {
    "@context": WEB_ANNOTATION_CONTEXT,
    id: idBase,
    type: "AnnotationCollection",
    label: `Comments on ${input.text.title}`,
    total: items.length,
    first: { id: `${idBase}?page=0`, type: "AnnotationPage", startIndex: 0, items },
  };
}

function latestChange(thread: TExportThread, opening: TExportMessage | null): string {
  return opening?.editedAt ?? opening?.createdAt ?? thread.createdAt;
}
