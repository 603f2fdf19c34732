import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

type TIssue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The issues to report, each with its full path: a failed union reports the branch that came
 * closest (fewest issues), so `{"ids":"abc"}` names `ids`, not the body as a whole.
 */
function flatIssues(issues: readonly TIssue[], prefix: readonly PropertyKey[] = []): TIssue[] {
  return issues.flatMap((issue): TIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      return flatIssues(closest, path);
    }
    return [{ ...issue, path }];
  });
}

/**
 * A type error on a field that was sent says what was expected and what came: custom messages
 * such as "Name is required" only fit a missing field.
 */
function messageOf(issue: TIssue, input: unknown): string {
  if (issue.code !== "invalid_type") return issue.message;
  const value = valueAt(input, issue.path);
  if (value === undefined) return issue.message;
  return `expected ${issue.expected === "array" || issue.expected === "object" ? "an" : "a"} ${
    issue.expected
  }, got ${describeValue(value)}`;
}

/** Validates untrusted input; the error names each bad field and what is wrong with it. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of flatIssues(result.error.issues)) {
    const key = issue.path.map(String).join(".") || "body";
    fields[key] ??= messageOf(issue, input);
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  throw new AppError("bad_request", `Invalid input (${summary})`, fields);
}
