import type { z } from "zod";

/** One line naming the first offending field, short enough for an acknowledgement. */
export function zodFailureMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid command";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
