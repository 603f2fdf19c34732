import type { GroupRole } from "@/generated/prisma/enums";
import { authorize } from "@/lib/access/authorize";
import type { GroupAction } from "@/lib/access/permissions";
import { parseDocName, perUserStorageName, type TDocKind } from "@/lib/documents/names";
import { AppError } from "@/lib/errors/app-error";

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

/**
 * Who may open which document, through the one access module:
 * - `chapter:<chapterId>`: members of the chapter's group read; only the server writes (commands).
 * - `notes:<chapterId>`: each member's own document, read and written by that member alone.
 * - `session:<sessionId>`: members read; the server writes on host commands.
 * - `session-notes:<sessionId>`: members read and write.
 * Non-members get not_found, so a private group's documents cannot be probed.
 */
const DOC_RULES: Record<
  TDocKind,
  { permission: GroupAction; resource: "chapter" | "session"; writable: boolean; perUser: boolean }
> = {
  chapter: { permission: "comments.read", resource: "chapter", writable: false, perUser: false },
  notes: { permission: "notes.write", resource: "chapter", writable: true, perUser: true },
  session: { permission: "sessions.view", resource: "session", writable: false, perUser: false },
  "session-notes": {
    permission: "sessions.view",
    resource: "session",
    writable: true,
    perUser: false,
  },
};

/**
 * The user's access to a document, through lib/access; refused with an AppError: `bad_request`
 * (not a document name), `not_found` (no such thing, or not a member), `forbidden`.
 */
export async function authorizeDoc(userId: string, doc: unknown): Promise<DocAccess> {
  const parsed = typeof doc === "string" ? parseDocName(doc) : null;
  if (typeof doc !== "string" || !parsed) throw new AppError("bad_request", "not a document name");
  const rule = DOC_RULES[parsed.kind];
  const access = await authorize(userId, rule.permission, { type: rule.resource, id: parsed.id });
  return {
    doc,
    kind: parsed.kind,
    resourceId: parsed.id,
    storageName: rule.perUser ? perUserStorageName(doc, userId) : doc,
    groupId: access.groupId,
    role: access.role,
    writable: rule.writable,
  };
}
