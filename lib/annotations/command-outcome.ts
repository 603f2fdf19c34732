import type { z } from "zod";
import type { GroupRole } from "@/generated/prisma/enums";
import { zodFailureMessage } from "@/lib/annotations/zod-failure-message";
import { parseDocName, type TDocKind } from "@/lib/documents/names";

/**
 * What the server-applied document commands (comments, live session) share. Roles are the
 * group's own (`GroupRole`), and what a role may do is answered by lib/access's one table.
 */
export type TGroupRole = GroupRole;
export type TCommandErrorCode = "forbidden" | "not_found" | "conflict" | "bad_request";
export type TCommandFailure = { ok: false; error: TCommandErrorCode; message: string };

export function fail(error: TCommandErrorCode, message: string): TCommandFailure {
  return { ok: false, error, message };
}

/**
 * The checks every document command starts with: the payload matches its schema, it addresses
 * a document of the expected kind, and there is an actor and a valid clock.
 */
export function parseDocCommand<T extends { doc: string }>(
  schema: z.ZodType<T>,
  command: unknown,
  kind: TDocKind,
  actor: { userId: string },
  now: Date,
): TCommandFailure | { ok: true; cmd: T; docId: string; at: string } {
  const parsed = schema.safeParse(command);
  if (!parsed.success) return fail("bad_request", zodFailureMessage(parsed.error));
  const name = parseDocName(parsed.data.doc);
  if (!name || name.kind !== kind)
    return fail("bad_request", `these commands address a ${kind}: document`);
  if (!actor.userId) return fail("forbidden", "no user");
  if (Number.isNaN(now.getTime())) throw new RangeError("now is not a valid date");
  return { ok: true, cmd: parsed.data, docId: name.id, at: now.toISOString() };
}
