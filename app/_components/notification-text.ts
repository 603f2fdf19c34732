import { commentPlainText } from "@/lib/annotations/markdown/comment-plain-text";

/**
 * One line for a notification, from its kind and payload. `shielded` (spoiler shield): the
 * comment is further on than the reader has read, so its words are left out.
 */
export function notificationText(
  kind: string,
  payload: Record<string, unknown>,
  options: { shielded?: boolean } = {},
): string {
  const actor = typeof payload.actorName === "string" ? payload.actorName : "Someone";
  // Notifications stored before excerpts were plain text still carry Markdown and mention tokens.
  const plain = typeof payload.excerpt === "string" ? commentPlainText(payload.excerpt) : "";
  const excerpt = options.shielded
    ? ", further on than you have read"
    : plain
      ? `: “${plain}”`
      : "";
  switch (kind) {
    case "comment.reply":
      return `${actor} replied${excerpt}`;
    case "comment.mention":
      return `${actor} mentioned you${excerpt}`;
    case "comment.assigned":
      return `${actor} commented on a chapter you are reading${excerpt}`;
    default:
      return typeof payload.title === "string" ? payload.title : kind.replaceAll(".", " ");
  }
}
