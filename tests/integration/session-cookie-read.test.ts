/**
 * Pages read the session cookie themselves (lib/auth/session.ts), not through next-auth's
 * getServerSession: a token counts only when it is signed with the app's secret, unexpired, for
 * an account that still exists, at the account's current session version.
 */
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedUser } from "@/seeds/factories";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";
import { TEST_SESSION_SECRET } from "@/tests/helpers/test-database";

const ctx = withServerAndFixture();

/** GET /profile with only this session token: 200 signed in, 307 to the sign-in page if not. */
async function profileWith(token: string): Promise<{ status: number; location: string | null }> {
  const response = await new HttpClient(ctx.server.url).request("/profile", {
    headers: { cookie: `next-auth.session-token=${token}` },
  });
  return { status: response.status, location: response.headers.get("location") };
}

async function token(
  user: { id: string },
  { secret = TEST_SESSION_SECRET, maxAge = 3600, sv = 0 } = {},
): Promise<string> {
  return encode({
    secret,
    maxAge,
    token: { sub: user.id, sv, name: "x", email: "x@example.test" },
  });
}

const SIGN_IN = "/sign-in?callbackUrl=/profile";

describe("the session cookie on a page", () => {
  it("GET /profile - a token signed with the app's secret at the current version is a session", async () => {
    const user = await seedUser();
    const response = await profileWith(await token(user));
    expect(response.status).toBe(200);
  });

  it("GET /profile - a token signed with another secret is no session", async () => {
    const user = await seedUser();
    const forged = await token(user, { secret: "another-secret-that-is-long-enough-0123456789" });
    expect(await profileWith(forged)).toEqual({ status: 307, location: SIGN_IN });
  });

  it("GET /profile - an expired token is no session", async () => {
    const user = await seedUser();
    const expired = await token(user, { maxAge: -120 });
    expect(await profileWith(expired)).toEqual({ status: 307, location: SIGN_IN });
  });

  it("GET /profile - a token of an older session version, or of a deleted account, is no session", async () => {
    const user = await seedUser();
    const valid = await token(user);
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: 1 } });
    expect(await profileWith(valid)).toEqual({ status: 307, location: SIGN_IN });
    expect((await profileWith(await token(user, { sv: 1 }))).status).toBe(200);
    const gone = await seedUser();
    const orphan = await token(gone);
    await db.user.delete({ where: { id: gone.id } });
    expect(await profileWith(orphan)).toEqual({ status: 307, location: SIGN_IN });
  });
});
