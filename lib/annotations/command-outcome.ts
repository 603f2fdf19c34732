/** What the server-applied document commands (comments, live session) share. */
export type TGroupRole = "owner" | "moderator" | "member";
export type TCommandErrorCode = "forbidden" | "not_found" | "conflict" | "bad_request";
export type TCommandFailure = { ok: false; error: TCommandErrorCode; message: string };

export function isModerator(role: TGroupRole): boolean {
  return role === "owner" || role === "moderator";
}

export function fail(error: TCommandErrorCode, message: string): TCommandFailure {
  return { ok: false, error, message };
}
