import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

/** Validates untrusted input; the error names each bad field and what is wrong with it. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  throw new AppError("bad_request", `Invalid input (${summary})`, fields);
}
