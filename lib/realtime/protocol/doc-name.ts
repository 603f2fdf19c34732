/**
 * Every Yjs document is addressed by a name `<kind>:<id>`. The kind is also the permission
 * boundary: `chapter` is written only by the server (members send commands), `notes` by its one
 * owner, `session` by the server on host commands, `session-notes` by any group member.
 */
export const DOC_KINDS = ["chapter", "notes", "session", "session-notes"] as const;

export type TDocKind = (typeof DOC_KINDS)[number];

export type TDocName = { kind: TDocKind; id: string };

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

export function formatDocName(kind: TDocKind, id: string): string {
  if (!ID_PATTERN.test(id)) throw new RangeError(`invalid document id: ${JSON.stringify(id)}`);
  return `${kind}:${id}`;
}
