/** One line for a notification, from its kind and payload. */
export function notificationText(kind: string, payload: Record<string, unknown>): string {
  const actor = typeof payload.actorName === "string" ? payload.actorName : "Someone";
  const excerpt =
    typeof payload.excerpt === "string" && payload.excerpt ? `: “${payload.excerpt}”` : "";
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
