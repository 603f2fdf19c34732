/**
 * Every Yjs document is addressed by a name `<kind>:<id>`. The kind is also the permission
 * boundary: `chapter` is written only by the server (members send commands), `notes` by its one
 * owner, `session` by the server on host commands, `session-notes` by any group member.
 *
 * Pure and client-safe: the browser, the server, the tests and the benchmarks build names with
 * these functions instead of spelling them, so a kind cannot be mistyped in one place.
 */
export const DOC_KINDS = ["chapter", "notes", "session", "session-notes"] as const;

export type TDocKind = (typeof DOC_KINDS)[number];

export type TDocName = { kind: TDocKind; id: string };

/** A document name as clients use it, e.g. `chapter:abc`. */
export type DocName<K extends TDocKind = TDocKind> = `${K}:${string}`;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const KIND_SET: ReadonlySet<string> = new Set(DOC_KINDS);

function isDocKind(value: string): value is TDocKind {
  return KIND_SET.has(value);
}

/** Strict: an unknown kind, an empty or over-long id, or any other character gives `null`. */
export function parseDocName(name: string): TDocName | null {
  if (typeof name !== "string" || name.length > 100) return null;
  const colon = name.indexOf(":");
  if (colon < 0) return null;
  const kind = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (!isDocKind(kind) || !ID_PATTERN.test(id)) return null;
  return { kind, id };
}

export function formatDocName<K extends TDocKind>(kind: K, id: string): DocName<K> {
  if (!ID_PATTERN.test(id)) throw new RangeError(`invalid document id: ${JSON.stringify(id)}`);
  return `${kind}:${id}`;
}

/** The prefix every name of one kind starts with (`chapter:`). */
export const docNamePrefix = (kind: TDocKind): string => `${kind}:`;

/** A chapter's comment threads (written by the server only). */
export const chapterDoc = (chapterId: string): DocName<"chapter"> =>
  formatDocName("chapter", chapterId);

/** A member's private notes on a chapter: one name for everyone, stored per user. */
export const notesDoc = (chapterId: string): DocName<"notes"> => formatDocName("notes", chapterId);

/** A live session's state (spotlight, floor, hands), written by the server on host commands. */
export const sessionDoc = (sessionId: string): DocName<"session"> =>
  formatDocName("session", sessionId);

/** A live session's shared notes, written by any member. */
export const sessionNotesDoc = (sessionId: string): DocName<"session-notes"> =>
  formatDocName("session-notes", sessionId);

/** Where one user's copy of a per-user document (`notes:<chapterId>`) is stored. */
export function perUserStorageName(doc: string, userId: string): string {
  return `${doc}:${userId}`;
}

/** The storage name of a member's notes on a chapter. */
export const notesStorageName = (chapterId: string, userId: string): string =>
  perUserStorageName(notesDoc(chapterId), userId);

/** The storage-name prefix shared by every member's notes on a chapter. */
export const notesStoragePrefix = (chapterId: string): string =>
  perUserStorageName(notesDoc(chapterId), "");

/** The client name of a stored document (`notes:<chapterId>:<userId>` → `notes:<chapterId>`). */
export function clientDocName(storageName: string): string {
  return storageName.split(":").slice(0, 2).join(":");
}
