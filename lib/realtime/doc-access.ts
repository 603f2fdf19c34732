import type { GroupRole } from "@/generated/prisma/enums";
import { authorize } from "@/lib/access/authorize";
import { isAppError } from "@/lib/errors/app-error";
import { parseDocName, type TDocKind } from "@/lib/realtime/protocol/doc-name";

export type DocAccess = {
  /** The name clients use (`notes:<chapterId>` is the same for everyone). */
  doc: string;
  kind: TDocKind;
  /** The resource id in the name: a chapter or a session. */
  resourceId: string;
  /** Where it is stored and which room carries it: private notes are per user. */
  storageName: string;
  groupId: string;
  role: GroupRole;
  /** May this user send Yjs updates (notes, shared session notes)? Never for server-written docs. */
  writable: boolean;
};

export type DocAccessFailure = { ok: false; error: "not_found" | "forbidden" | "bad_request" };

/**
 * Who may open which document, through the one access module:
 * - `chapter:<chapterId>`: members of the chapter's group read; only the server writes (commands).
 * - `notes:<chapterId>`: each member's own document, read and written by that member alone.
 * - `session:<sessionId>`: members read; the server writes on host commands.
 * - `session-notes:<sessionId>`: members read and write.
 * Non-members get not_found, so a private group's documents cannot be probed.
 */
export async function authorizeDoc(
  userId: string,
  doc: unknown,
): Promise<({ ok: true } & DocAccess) | DocAccessFailure> {
  if (typeof doc !== "string") return { ok: false, error: "bad_request" };
  const parsed = parseDocName(doc);
  if (!parsed) return { ok: false, error: "bad_request" };
  try {
    switch (parsed.kind) {
      case "chapter": {
        const access = await authorize(userId, "comments.read", { type: "chapter", id: parsed.id });
        return {
          ok: true,
          doc,
          kind: parsed.kind,
          resourceId: parsed.id,
          storageName: doc,
          groupId: access.groupId,
          role: access.role,
          writable: false,
        };
      }
      case "notes": {
        const access = await authorize(userId, "notes.write", { type: "chapter", id: parsed.id });
        return {
          ok: true,
          doc,
          kind: parsed.kind,
          resourceId: parsed.id,
          storageName: `${doc}:${userId}`,
          groupId: access.groupId,
          role: access.role,
          writable: true,
        };
      }
      case "session": {
        const access = await authorize(userId, "sessions.view", { type: "session", id: parsed.id });
        return {
          ok: true,
          doc,
          kind: parsed.kind,
          resourceId: parsed.id,
          storageName: doc,
          groupId: access.groupId,
          role: access.role,
          writable: false,
        };
      }
      case "session-notes": {
        const access = await authorize(userId, "sessions.view", { type: "session", id: parsed.id });
        return {
          ok: true,
          doc,
          kind: parsed.kind,
          resourceId: parsed.id,
          storageName: doc,
          groupId: access.groupId,
          role: access.role,
          writable: true,
        };
      }
    }
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden"))
      return { ok: false, error: error.code };
    throw error;
  }
}
