import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { HttpClient } from "@/tests/helpers/http-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
});
afterAll(async () => server?.stop());

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

async function signedIn(name: string) {
  const user = await seedUser({
    name,
    email: `${name.toLowerCase().replaceAll(" ", ".")}.${Math.random().toString(36).slice(2, 7)}@example.test`,
  });
  const client = new HttpClient(server.url);
  expect((await client.signIn(user.email, user.password)).ok).toBe(true);
  return { user, client };
}

async function groupOwnedBy(name: string) {
  const owner = await signedIn(name);
  const created = await owner.client.json<{ group: { id: string } }>("/api/groups", {
    method: "POST",
    json: { name: `${name}'s group` },
  });
  expect(created.status).toBe(201);
  return { ...owner, groupId: created.body.group.id };
}

async function linkInvite(
  client: HttpClient,
  groupId: string,
  options: Record<string, unknown> = {},
) {
  const response = await client.json<{ invite: { id: string }; url: string }>(
    `/api/groups/${groupId}/invites`,
    { method: "POST", json: options },
  );
  expect(response.status).toBe(201);
  const token = new URL(response.body.url).pathname.split("/").pop() ?? "";
  return { id: response.body.invite.id, token };
}

describe("groups", () => {
  it("POST /api/groups - the creator becomes owner and sees the group in GET /api/groups", async () => {
    const { client, groupId } = await groupOwnedBy("Gwen");
    const list = await client.json<{ groups: { id: string; name: string; role: string }[] }>(
      "/api/groups",
    );
    expect(list.body.groups).toEqual([
      expect.objectContaining({ id: groupId, name: "Gwen's group", role: "OWNER" }),
    ]);
    const one = await client.json<{ group: { id: string; role: string; memberCount: number } }>(
      `/api/groups/${groupId}`,
    );
    expect(one.body.group).toMatchObject({ id: groupId, role: "OWNER", memberCount: 1 });
  });

  it("POST /api/groups - bad input names the field and creates nothing", async () => {
    const { user, client } = await signedIn("Hal");
    const response = await client.json<ErrorBody>("/api/groups", {
      method: "POST",
      json: { name: "  ", coverColor: "red" },
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields ?? {}).sort()).toEqual(["coverColor", "name"]);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
  });

  it("GET /api/groups/{id} - an unknown id and someone else's group look the same (404)", async () => {
    const { groupId } = await groupOwnedBy("Ivy");
    const { client } = await signedIn("Jay");
    const other = await client.json<ErrorBody>(`/api/groups/${groupId}`);
    const unknown = await client.json<ErrorBody>("/api/groups/does-not-exist");
    expect(other).toEqual(unknown);
    expect(other.status).toBe(404);
  });
});

describe("invitation links", () => {
  it("a member joins through a link with the role it grants; a second redeem spends nothing", async () => {
    const owner = await groupOwnedBy("Kim");
    const invite = await linkInvite(owner.client, owner.groupId, { role: "MODERATOR", maxUses: 5 });
    const joiner = await signedIn("Lee");
    const first = await joiner.client.json<{
      groupId: string;
      role: string;
      alreadyMember: boolean;
    }>("/api/invites/redeem", { method: "POST", json: { token: invite.token } });
    expect(first.body).toEqual({ groupId: owner.groupId, role: "MODERATOR", alreadyMember: false });
    const again = await joiner.client.json<{ alreadyMember: boolean }>("/api/invites/redeem", {
      method: "POST",
      json: { token: invite.token },
    });
    expect(again.body.alreadyMember).toBe(true);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
  });

  it("an expired link says so and changes nothing", async () => {
    const owner = await groupOwnedBy("Max");
    const invite = await linkInvite(owner.client, owner.groupId, { expiresInDays: 1 });
    await db.invite.update({
      where: { id: invite.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const joiner = await signedIn("Ned");
    const response = await joiner.client.json<ErrorBody>("/api/invites/redeem", {
      method: "POST",
      json: { token: invite.token },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/expired/);
    expect(await db.membership.count({ where: { groupId: owner.groupId } })).toBe(1);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
  });

  it("a link expires in 14 days and admits 25 by default; null asks for neither", async () => {
    const owner = await groupOwnedBy("Ros");
    const before = Date.now();
    const byDefault = await linkInvite(owner.client, owner.groupId);
    const stored = await db.invite.findUniqueOrThrow({ where: { id: byDefault.id } });
    expect(stored.maxUses).toBe(25);
    const days = ((stored.expiresAt?.getTime() ?? 0) - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);
    const open = await linkInvite(owner.client, owner.groupId, {
      expiresInDays: null,
      maxUses: null,
    });
    expect(await db.invite.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      expiresAt: null,
      maxUses: null,
    });
  });

  it("a member who was removed (or left) cannot come back through the same link: 409, not 500", async () => {
    const owner = await groupOwnedBy("Sue");
    const invite = await linkInvite(owner.client, owner.groupId);
    const removed = await signedIn("Tom");
    const leaver = await signedIn("Una");
    for (const joiner of [removed, leaver]) {
      const joined = await joiner.client.json("/api/invites/redeem", {
        method: "POST",
        json: { token: invite.token },
      });
      expect(joined.status).toBe(200);
    }
    const removal = await owner.client.request(
      `/api/groups/${owner.groupId}/members/${removed.user.id}`,
      { method: "DELETE" },
    );
    expect(removal.status).toBe(204);
    const left = await leaver.client.request(`/api/groups/${owner.groupId}/leave`, {
      method: "POST",
    });
    expect(left.status).toBe(204);
    for (const joiner of [removed, leaver]) {
      const again = await joiner.client.json<ErrorBody>("/api/invites/redeem", {
        method: "POST",
        json: { token: invite.token },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already used this invitation/);
    }
    expect(await db.membership.count({ where: { groupId: owner.groupId } })).toBe(1);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(2);
    // A new invitation is the way back.
    const fresh = await linkInvite(owner.client, owner.groupId);
    const back = await removed.client.json("/api/invites/redeem", {
      method: "POST",
      json: { token: fresh.token },
    });
    expect(back.status).toBe(200);
  });

  it("a used-up link says so", async () => {
    const owner = await groupOwnedBy("Ola");
    const invite = await linkInvite(owner.client, owner.groupId, { maxUses: 1 });
    const first = await signedIn("Pat");
    expect(
      (
        await first.client.json("/api/invites/redeem", {
          method: "POST",
          json: { token: invite.token },
        })
      ).status,
    ).toBe(200);
    const second = await signedIn("Quin");
    const refused = await second.client.json<ErrorBody>("/api/invites/redeem", {
      method: "POST",
      json: { token: invite.token },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/used as many times/);
  });

  it("a revoked link says so", async () => {
    const owner = await groupOwnedBy("Rae");
    const invite = await linkInvite(owner.client, owner.groupId);
    expect(
      (
        await owner.client.request(`/api/groups/${owner.groupId}/invites/${invite.id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(204);
    const joiner = await signedIn("Sol");
    const refused = await joiner.client.json<ErrorBody>("/api/invites/redeem", {
      method: "POST",
      json: { token: invite.token },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/revoked/);
    expect(
      await db.membership.count({ where: { groupId: owner.groupId, userId: joiner.user.id } }),
    ).toBe(0);
  });

  it("a link presented for the wrong group, or a made-up token, is not found", async () => {
    const owner = await groupOwnedBy("Tam");
    const other = await groupOwnedBy("Uma");
    const invite = await linkInvite(owner.client, owner.groupId);
    const joiner = await signedIn("Val");
    const wrongGroup = await joiner.client.json<ErrorBody>("/api/invites/redeem", {
      method: "POST",
      json: { token: invite.token, groupId: other.groupId },
    });
    expect(wrongGroup.status).toBe(404);
    const madeUp = await joiner.client.json<ErrorBody>("/api/invites/redeem", {
      method: "POST",
      json: { token: "x".repeat(32) },
    });
    expect(madeUp.status).toBe(404);
    expect(await db.membership.count({ where: { userId: joiner.user.id } })).toBe(0);
  });

  it("concurrent redemptions never exceed maxUses", async () => {
    const owner = await groupOwnedBy("Wes");
    const invite = await linkInvite(owner.client, owner.groupId, { maxUses: 3 });
    const joiners = await Promise.all(
      ["A1", "A2", "A3", "A4", "A5", "A6"].map((name) => signedIn(name)),
    );
    const results = await Promise.all(
      joiners.map((j) =>
        j.client.json("/api/invites/redeem", { method: "POST", json: { token: invite.token } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(await db.membership.count({ where: { groupId: owner.groupId } })).toBe(4);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(3);
  });

  it("the invite page names the group and inviter to a signed-out visitor, with sign-up and sign-in that come back", async () => {
    const owner = await groupOwnedBy("Xia");
    const invite = await linkInvite(owner.client, owner.groupId);
    const stranger = new HttpClient(server.url);
    const response = await stranger.request(`/invite/${invite.token}`);
    expect(response.status).toBe(200);
    const landing = await response.text();
    expect(landing).toContain("Join Xia&#x27;s group");
    expect(landing).toMatch(/Xia<\/span> invites you/);
    expect(landing).not.toContain("Welcome back");
    const callback = encodeURIComponent(`/invite/${invite.token}`);
    expect(landing).toContain(`/sign-up?callbackUrl=${callback}`);
    expect(landing).toContain(`/sign-in?callbackUrl=${callback}`);
    // The auth pages reached from it name the group too, and a stranger is not welcomed back.
    const signIn = await (await stranger.request(`/sign-in?callbackUrl=${callback}`)).text();
    expect(signIn).toContain("Sign in to join Xia&#x27;s group");
    expect(signIn).not.toContain("Welcome back");
    const signUp = await (await stranger.request(`/sign-up?callbackUrl=${callback}`)).text();
    expect(signUp).toContain("Join Xia&#x27;s group");

    const joiner = await signedIn("Yan");
    const page = await joiner.client.request(`/invite/${invite.token}`);
    const html = await page.text();
    expect(html).toContain("Xia&#x27;s group");
    expect(html).toContain("Join the group");
    // A member is pointed at the group instead of offered a second join.
    const member = await (await owner.client.request(`/invite/${invite.token}`)).text();
    expect(member).toContain("You are already in Xia&#x27;s group");
  });

  it("an unknown invitation says so to anyone, signed in or not", async () => {
    const response = await new HttpClient(server.url).request("/invite/not-a-real-token-at-all");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Invitation not found");
  });

  it("redeeming is rate limited per user", async () => {
    const joiner = await signedIn("Zed");
    let last = 0;
    for (let i = 0; i < 21; i++)
      last = (
        await joiner.client.json("/api/invites/redeem", {
          method: "POST",
          json: { token: `guess-${i}-`.padEnd(20, "x") },
        })
      ).status;
    expect(last).toBe(429);
  });
});

describe("e-mail invitations", () => {
  async function emailInvite(owner: { client: HttpClient; groupId: string }, email: string) {
    const created = await owner.client.json<{
      invite: { id: string };
      url: string;
      emailed: boolean;
    }>(`/api/groups/${owner.groupId}/invites`, { method: "POST", json: { email } });
    expect(created.status).toBe(201);
    // No SMTP in this server: the inviter gets the link to pass on.
    expect(created.body.emailed).toBe(false);
    const token = new URL(created.body.url).pathname.split("/").pop() ?? "";
    return { id: created.body.invite.id, token };
  }

  it("signing up with the address does not get the invitation; its link admits only that address and verifies it", async () => {
    const owner = await groupOwnedBy("Abe");
    // Whoever signed up with the address first has not shown they control it.
    const holder = await signedIn("Bea");
    const invite = await emailInvite(owner, holder.user.email.toUpperCase());
    expect(
      (await holder.client.json<{ invites: unknown[] }>("/api/invites/pending")).body.invites,
    ).toEqual([]);
    const unverified = await holder.client.json<ErrorBody>(`/api/invites/${invite.id}/accept`, {
      method: "POST",
    });
    expect(unverified.status).toBe(403);
    expect(unverified.body.error.message).toMatch(/Confirm your e-mail address/);

    // The link, forwarded to someone else, does not let them in.
    const stranger = await signedIn("Cal");
    const forwarded = await stranger.client.json<ErrorBody>("/api/invites/redeem", {
      method: "POST",
      json: { token: invite.token },
    });
    expect(forwarded.status).toBe(403);
    expect(forwarded.body.error.message).toMatch(/another e-mail address/);
    expect(await db.membership.count({ where: { groupId: owner.groupId } })).toBe(1);

    // The addressee opens the link sent to the address: joined, and the address is verified.
    const joined = await holder.client.json<{ groupId: string; alreadyMember: boolean }>(
      "/api/invites/redeem",
      { method: "POST", json: { token: invite.token } },
    );
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ groupId: owner.groupId, alreadyMember: false });
    const user = await db.user.findUniqueOrThrow({ where: { id: holder.user.id } });
    expect(user.emailVerified).toBeInstanceOf(Date);
  });

  it("a verified addressee sees it after sign-in and joins; nobody else can accept it", async () => {
    const owner = await groupOwnedBy("Dee");
    const invitee = await signedIn("Fio");
    await db.user.update({ where: { id: invitee.user.id }, data: { emailVerified: new Date() } });
    await emailInvite(owner, invitee.user.email);
    const pending = await invitee.client.json<{ invites: { id: string; group: { id: string } }[] }>(
      "/api/invites/pending",
    );
    expect(pending.body.invites).toHaveLength(1);
    const inviteId = pending.body.invites[0]?.id ?? "";
    const stranger = await signedIn("Gus");
    expect(
      (await stranger.client.json(`/api/invites/${inviteId}/accept`, { method: "POST" })).status,
    ).toBe(404);
    const accepted = await invitee.client.json<{ groupId: string }>(
      `/api/invites/${inviteId}/accept`,
      { method: "POST" },
    );
    expect(accepted.body.groupId).toBe(owner.groupId);
    expect(
      (await invitee.client.json<{ invites: unknown[] }>("/api/invites/pending")).body.invites,
    ).toHaveLength(0);
  });
});

describe("roles", () => {
  it("the last owner can neither leave nor be demoted; after handing over they can leave", async () => {
    const owner = await groupOwnedBy("Dot");
    const leave = await owner.client.json<ErrorBody>(`/api/groups/${owner.groupId}/leave`, {
      method: "POST",
    });
    expect(leave.status).toBe(409);
    expect(leave.body.error.message).toMatch(/must keep an owner/);
    const demote = await owner.client.json<ErrorBody>(
      `/api/groups/${owner.groupId}/members/${owner.user.id}`,
      { method: "PATCH", json: { role: "MEMBER" } },
    );
    expect(demote.status).toBe(409);

    const heir = await signedIn("Eli");
    await seedMembership(owner.groupId, heir.user.id, "MEMBER");
    const transfer = await owner.client.json(`/api/groups/${owner.groupId}/transfer-ownership`, {
      method: "POST",
      json: { userId: heir.user.id },
    });
    expect(transfer.status).toBe(200);
    const roles = await db.membership.findMany({
      where: { groupId: owner.groupId },
      select: { userId: true, role: true },
    });
    expect(roles).toEqual(
      expect.arrayContaining([
        { userId: heir.user.id, role: "OWNER" },
        { userId: owner.user.id, role: "MODERATOR" },
      ]),
    );
    expect(
      (await owner.client.request(`/api/groups/${owner.groupId}/leave`, { method: "POST" })).status,
    ).toBe(204);
  });

  it("ownership goes only to a member", async () => {
    const owner = await groupOwnedBy("Fay");
    const stranger = await seedUser({ name: "Stranger" });
    const response = await owner.client.json<ErrorBody>(
      `/api/groups/${owner.groupId}/transfer-ownership`,
      { method: "POST", json: { userId: stranger.id } },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.fields?.userId).toBe("Not a member");
  });

  it("moderators remove members but not other moderators or owners, and invite members only", async () => {
    const owner = await groupOwnedBy("Gus");
    const moderator = await signedIn("Hana");
    const otherModerator = await seedUser({ name: "Iggy" });
    const member = await seedUser({ name: "Jo" });
    await seedMembership(owner.groupId, moderator.user.id, "MODERATOR");
    await seedMembership(owner.groupId, otherModerator.id, "MODERATOR");
    await seedMembership(owner.groupId, member.id, "MEMBER");
    const base = `/api/groups/${owner.groupId}/members`;
    expect(
      (await moderator.client.request(`${base}/${otherModerator.id}`, { method: "DELETE" })).status,
    ).toBe(403);
    expect(
      (await moderator.client.request(`${base}/${owner.user.id}`, { method: "DELETE" })).status,
    ).toBe(403);
    expect(
      (
        await moderator.client.request(`${base}/${member.id}`, {
          method: "PATCH",
          json: { role: "MODERATOR" },
        })
      ).status,
    ).toBe(403);
    const modInvite = await moderator.client.json<ErrorBody>(
      `/api/groups/${owner.groupId}/invites`,
      { method: "POST", json: { role: "MODERATOR" } },
    );
    expect(modInvite.status).toBe(403);
    expect(
      (await moderator.client.request(`${base}/${member.id}`, { method: "DELETE" })).status,
    ).toBe(204);
    expect(await db.membership.count({ where: { groupId: owner.groupId } })).toBe(3);
  });

  it("a removed member loses access at once", async () => {
    const owner = await groupOwnedBy("Kai");
    const member = await signedIn("Lou");
    await seedMembership(owner.groupId, member.user.id, "MEMBER");
    expect((await member.client.request(`/api/groups/${owner.groupId}`)).status).toBe(200);
    expect(
      (
        await owner.client.request(`/api/groups/${owner.groupId}/members/${member.user.id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(204);
    expect((await member.client.request(`/api/groups/${owner.groupId}`)).status).toBe(404);
    expect((await member.client.request(`/groups/${owner.groupId}`)).status).toBe(404);
  });

  it("the members list shows e-mail addresses to moderators and owners only", async () => {
    const owner = await groupOwnedBy("Mia");
    const member = await signedIn("Noa");
    await seedMembership(owner.groupId, member.user.id, "MEMBER");
    const asOwner = await owner.client.json<{ members: { email?: string }[] }>(
      `/api/groups/${owner.groupId}/members`,
    );
    const asMember = await member.client.json<{ members: { email?: string }[] }>(
      `/api/groups/${owner.groupId}/members`,
    );
    expect(asOwner.body.members.every((m) => m.email)).toBe(true);
    expect(asMember.body.members.some((m) => m.email)).toBe(false);
  });
});

it("a deleted group takes its memberships with it", async () => {
  const owner = await groupOwnedBy("Oz");
  const extra = await seedGroup(owner.user, { name: "Second" });
  expect(
    (await owner.client.request(`/api/groups/${owner.groupId}`, { method: "DELETE" })).status,
  ).toBe(204);
  expect(await db.membership.count({ where: { groupId: owner.groupId } })).toBe(0);
  expect(await db.group.count({ where: { id: extra.id } })).toBe(1);
});
