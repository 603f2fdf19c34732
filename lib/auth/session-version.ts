import { getPool } from "@/lib/db/pool";
import { db, type DbTransaction } from "@/lib/db/prisma";
import { realtimeRegistry } from "@/lib/app/realtime-registry";

/**
 * Every session token carries the user's sessionVersion from when it was issued; a token whose
 * version is not the user's current one is dead. Bumping the version (sign out everywhere,
 * password change, password reset) therefore ends every earlier session at once, over HTTP and
 * on sockets, while tokens stay stateless JWTs.
 *
 * The version is read from the database on every request (one primary-key lookup), not cached:
 * a cache would leave a copied cookie working for its lifetime after a revocation.
 */

/** Tokens issued before versions existed carry none: they count as version 0. */
export function tokenSessionVersion(token: Record<string, unknown>): number {
  const version = token.sv;
  return typeof version === "number" && Number.isInteger(version) ? version : 0;
}

/** The user's current version, or null when the account no longer exists. */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  // On the pg pool: every page, route and socket connection pays it, and a Prisma query is
  // compiled again (WebAssembly) on each call.
  const found = await getPool().query<{ sessionVersion: number }>(
    `SELECT "sessionVersion" FROM "User" WHERE id = $1`,
    [userId],
  );
  return found.rows[0]?.sessionVersion ?? null;
}

/**
 * Raises the user's version inside the caller's transaction and returns the new one. Call
 * announceSessionsRevoked after the transaction commits so open sockets are dropped.
 */
export async function bumpSessionVersion(tx: DbTransaction, userId: string): Promise<number> {
  const user = await tx.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return user.sessionVersion;
}

/** Tells every process to disconnect the user's sockets opened with an older version. */
export async function announceSessionsRevoked(userId: string, version: number): Promise<void> {
  await realtimeRegistry().onSessionsRevoked?.(userId, version);
}

/** Sign out everywhere: every session of the user, this one included, ends. */
export async function revokeAllSessions(userId: string): Promise<number> {
  const version = await db.$transaction((tx) => bumpSessionVersion(tx, userId));
  await announceSessionsRevoked(userId, version);
  return version;
}
