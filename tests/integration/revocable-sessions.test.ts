/**
 * Issue 12, failure 3: a copied session cookie must stop working, over HTTP (route handlers and
 * pages) and on the socket (new handshakes and sockets already open), after sign out everywhere,
 * a password change and a password reset. Reset links are owner-issued here (no SMTP): single
 * use, expiring, hashed at rest, and only an owner of the member's group may issue one.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedMembership, seedUser } from "@/seeds/factories";
import { CollabClient } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

type Member = { id: string; email: string; password: string; client: HttpClient };

/** A fresh member of the fixture group, signed in (the shared cast's sessions stay alive). */
async function signedInMember(): Promise<Member> {
  const user = await seedUser();
  await seedMembership(ctx.fixture.groupId, user.id, "MEMBER");
  const client = await signedIn(user.email, user.password);
  return { ...user, client };
}

async function signedIn(email: string, password: string): Promise<HttpClient> {
  const client = new HttpClient(ctx.server.url);
  const result = await client.signIn(email, password);
  expect(result.ok, `sign-in of ${email}: ${result.error}`).toBe(true);
  return client;
}

/** What a thief holding a copy of the cookie gets from an API route and from a page. */
async function withCopiedCookie(cookie: string): Promise<{ api: number; page: number }> {
  // A new client per request: a jar filled by one answer would replace the copied cookie.
  const as = (path: string) =>
    new HttpClient(ctx.server.url).request(path, { headers: { cookie } });
  const api = await as("/api/users/me");
  const page = await as("/profile");
  return { api: api.status, page: page.status };
}

const ALIVE = { api: 200, page: 200 };
const DEAD = { api: 401, page: 307 };

async function openSocket(cookie: string): Promise<CollabClient> {
  const client = new CollabClient(ctx.server.url, cookie);
  await client.connected();
  return client;
}

/** Resolves with the reason once the server ends the socket, noting the session-revoked event. */
function endedByServer(client: CollabClient): Promise<{ reason: string; told: boolean }> {
  let told = false;
  client.socket.once("session-revoked", () => (told = true));
  return new Promise((resolve) =>
    client.socket.once("disconnect", (reason) => resolve({ reason, told })),
  );
}

async function handshakeRefused(cookie: string): Promise<string> {
  const client = new CollabClient(ctx.server.url, cookie);
  try {
    await client.connected();
    return "connected";
  } catch (error) {
    return (error as Error).message;
  } finally {
    client.close();
  }
}

async function issueResetLink(
  client: HttpClient,
  userId: string,
): Promise<{ status: number; body: { url?: string; expiresAt?: string; error?: unknown } }> {
  return client.json(`/api/groups/${ctx.fixture.groupId}/members/${userId}/password-reset`, {
    method: "POST",
  });
}

const tokenOf = (url: string) => url.split("/reset-password/")[1] ?? "";

describe("sign out everywhere", () => {
  it("ends every session of the user: copied cookies, other browsers, open and new sockets", async () => {
    const member = await signedInMember();
    const copied = member.client.cookieHeader();
    const otherBrowser = await signedIn(member.email, member.password);
    expect(await withCopiedCookie(copied)).toEqual(ALIVE);
    const socket = await openSocket(copied);
    const ended = endedByServer(socket);

    const response = await member.client.json("/api/users/me/sign-out-everywhere", {
      method: "POST",
    });
    expect(response).toEqual({ status: 200, body: { ok: true } });

    expect(await ended).toEqual({ reason: "io server disconnect", told: true });
    expect(await withCopiedCookie(copied)).toEqual(DEAD);
    expect(await withCopiedCookie(otherBrowser.cookieHeader())).toEqual(DEAD);
    expect(await handshakeRefused(copied)).toBe("unauthorized");
    // The caller's own cookie was cleared as well.
    expect(member.client.hasCookie("next-auth.session-token")).toBe(false);

    // Signing in again gives a session that works everywhere.
    const again = await signedIn(member.email, member.password);
    expect(await withCopiedCookie(again.cookieHeader())).toEqual(ALIVE);
    (await openSocket(again.cookieHeader())).close();
  });

  it("leaves other users' sessions alone", async () => {
    const [one, other] = [await signedInMember(), await signedInMember()];
    const otherSocket = await openSocket(other.client.cookieHeader());
    try {
      await one.client.json("/api/users/me/sign-out-everywhere", { method: "POST" });
      expect(await withCopiedCookie(other.client.cookieHeader())).toEqual(ALIVE);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(otherSocket.socket.connected).toBe(true);
    } finally {
      otherSocket.close();
    }
  });

  it("refuses a signed-out caller", async () => {
    const anonymous = new HttpClient(ctx.server.url);
    const { status } = await anonymous.json("/api/users/me/sign-out-everywhere", {
      method: "POST",
    });
    expect(status).toBe(401);
  });
});

describe("password change", () => {
  it("refuses a wrong current password and changes nothing", async () => {
    const member = await signedInMember();
    const before = await db.user.findUniqueOrThrow({
      where: { id: member.id },
      select: { sessionVersion: true },
    });
    const { status, body } = await member.client.json<{
      error: { message: string; fields: Record<string, string> };
    }>("/api/users/me/password", {
      method: "POST",
      json: { currentPassword: "not-my-password", newPassword: "a brand new password" },
    });
    expect(status).toBe(400);
    expect(body.error.fields.currentPassword).toBe("Current password is incorrect.");
    expect(await withCopiedCookie(member.client.cookieHeader())).toEqual(ALIVE);
    expect(
      await db.user.findUniqueOrThrow({
        where: { id: member.id },
        select: { sessionVersion: true },
      }),
    ).toEqual(before);
    await signedIn(member.email, member.password);
  });

  it("refuses a new password that is too short, naming the field", async () => {
    const member = await signedInMember();
    const { status, body } = await member.client.json<{
      error: { fields: Record<string, string> };
    }>("/api/users/me/password", {
      method: "POST",
      json: { currentPassword: member.password, newPassword: "short" },
    });
    expect(status).toBe(400);
    expect(body.error.fields.newPassword).toMatch(/at least 8/);
    expect(await withCopiedCookie(member.client.cookieHeader())).toEqual(ALIVE);
  });

  it("ends every other session, keeps the caller signed in, and only the new password works", async () => {
    const member = await signedInMember();
    const copied = member.client.cookieHeader();
    const socket = await openSocket(copied);
    const ended = endedByServer(socket);

    const { status } = await member.client.json("/api/users/me/password", {
      method: "POST",
      json: { currentPassword: member.password, newPassword: "correct horse battery" },
    });
    expect(status).toBe(200);

    expect(await ended).toEqual({ reason: "io server disconnect", told: true });
    expect(await withCopiedCookie(copied)).toEqual(DEAD);
    expect(await handshakeRefused(copied)).toBe("unauthorized");
    // The caller got a reissued cookie: still signed in, over HTTP and the socket.
    expect(member.client.cookieHeader()).not.toBe(copied);
    expect(await withCopiedCookie(member.client.cookieHeader())).toEqual(ALIVE);
    (await openSocket(member.client.cookieHeader())).close();

    expect((await new HttpClient(ctx.server.url).signIn(member.email, member.password)).ok).toBe(
      false,
    );
    await signedIn(member.email, "correct horse battery");
  });
});

describe("password reset by an owner-issued link", () => {
  it("only an owner of the member's group may issue one", async () => {
    const { cast } = ctx;
    const member = await signedInMember();
    expect((await issueResetLink(cast.clients.moderator, member.id)).status).toBe(403);
    expect((await issueResetLink(cast.clients.member, member.id)).status).toBe(403);
    expect((await issueResetLink(cast.clients.outsider, member.id)).status).toBe(404);
    expect((await issueResetLink(cast.clients.anonymous, member.id)).status).toBe(401);
    // The owner, for someone who is not in this group (the outsider): 404, no token made.
    expect((await issueResetLink(cast.clients.owner, cast.users.outsider.id)).status).toBe(404);
    expect((await issueResetLink(cast.clients.owner, cast.users.owner.id)).status).toBe(400);
    expect(
      await db.passwordResetToken.count({
        where: { userId: { in: [member.id, cast.users.outsider.id, cast.users.owner.id] } },
      }),
    ).toBe(0);
  });

  it("sets the password once, ends every session, and is stored only as a hash", async () => {
    const member = await signedInMember();
    const copied = member.client.cookieHeader();
    const socket = await openSocket(copied);
    const ended = endedByServer(socket);

    const issued = await issueResetLink(ctx.cast.clients.owner, member.id);
    expect(issued.status).toBe(201);
    const url = issued.body.url ?? "";
    expect(url).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(url);
    const stored = await db.passwordResetToken.findFirstOrThrow({ where: { userId: member.id } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored.issuedById).toBe(ctx.cast.users.owner.id);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);

    // Opening the page shows whose account it is and does not spend the link.
    const page = await new HttpClient(ctx.server.url).request(`/reset-password/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(member.email);
    // Issuing the link alone ends nothing.
    expect(await withCopiedCookie(copied)).toEqual(ALIVE);

    const anyone = new HttpClient(ctx.server.url);
    const done = await anyone.json("/api/password-resets/complete", {
      method: "POST",
      json: { token, password: "a reset password" },
    });
    expect(done).toEqual({ status: 200, body: { email: member.email } });

    expect(await ended).toEqual({ reason: "io server disconnect", told: true });
    expect(await withCopiedCookie(copied)).toEqual(DEAD);
    expect(await handshakeRefused(copied)).toBe("unauthorized");
    expect((await new HttpClient(ctx.server.url).signIn(member.email, member.password)).ok).toBe(
      false,
    );
    const fresh = await signedIn(member.email, "a reset password");

    // Second use: refused, and the password stays the one set by the first.
    const again = await anyone.json<{ error: { message: string } }>(
      "/api/password-resets/complete",
      { method: "POST", json: { token, password: "someone else's password" } },
    );
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/expired or was already used/);
    expect(await withCopiedCookie(fresh.cookieHeader())).toEqual(ALIVE);
    await signedIn(member.email, "a reset password");
    const spent = await new HttpClient(ctx.server.url).request(`/reset-password/${token}`);
    expect(await spent.text()).toContain("expired or was already used");
  });

  it("expires, and a newer link replaces an older one", async () => {
    const member = await signedInMember();
    const first = tokenOf((await issueResetLink(ctx.cast.clients.owner, member.id)).body.url ?? "");
    const second = tokenOf(
      (await issueResetLink(ctx.cast.clients.owner, member.id)).body.url ?? "",
    );
    const complete = (token: string) =>
      new HttpClient(ctx.server.url).json("/api/password-resets/complete", {
        method: "POST",
        json: { token, password: "never accepted" },
      });
    expect((await complete(first)).status).toBe(400);

    await db.passwordResetToken.updateMany({
      where: { userId: member.id, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await complete(second)).status).toBe(400);
    // Nothing changed: the old password and the old session still work.
    expect(await withCopiedCookie(member.client.cookieHeader())).toEqual(ALIVE);
    await signedIn(member.email, member.password);
  });

  it("refuses malformed input with a clear message", async () => {
    const anyone = new HttpClient(ctx.server.url);
    const bad = await anyone.json<{ error: { fields: Record<string, string> } }>(
      "/api/password-resets/complete",
      { method: "POST", json: { token: "nope", password: "x" } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.token).toBe("Reset link is not valid");
    expect(bad.body.error.fields.password).toMatch(/at least 8/);
  });

  it("has no e-mail route without SMTP: the forgot-password page points to group owners", async () => {
    const anyone = new HttpClient(ctx.server.url);
    const { status } = await anyone.json("/api/password-resets", {
      method: "POST",
      json: { email: ctx.cast.users.member.email },
    });
    expect(status).toBe(409);
    const page = await anyone.request("/forgot-password");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("owner of one of your reading groups");
  });
});
