/**
 * GET /api/groups/{groupId}/online: members with a /collab socket on any process, with the chapter
 * of this group they have open; never a chapter of another group.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedGroup, seedMembership } from "@/seeds/factories";
import { CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";
import { startTestServer } from "@/tests/helpers/test-server";

type Online = {
  online: {
    userId: string;
    name: string;
    chapter: { id: string; title: string; textId: string } | null;
  }[];
};

const ctx = withServerAndFixture();

async function onlineAsOwner() {
  const { status, body } = await ctx.cast.clients.owner.json<Online>(
    `/api/groups/${ctx.fixture.groupId}/online`,
  );
  expect(status).toBe(200);
  return body.online;
}

const entryOf = (online: Online["online"], userId: string) =>
  online.find((entry) => entry.userId === userId);

/** Waits until the owner's answer about the member passes `check`. */
const untilMember = (
  check: (entry: Online["online"][number] | undefined) => boolean,
  what: string,
  timeoutMs = 10_000,
) =>
  waitFor(
    async () => check(entryOf(await onlineAsOwner(), ctx.cast.users.member.id)),
    timeoutMs,
    what,
  );

async function memberSocket(baseUrl: string, cookie: string): Promise<CollabClient> {
  const client = new CollabClient(baseUrl, cookie);
  await client.connected();
  return client;
}

describe("online members", () => {
  it("lists a connected member with the chapter they opened, and drops them when the socket closes", async () => {
    const { cast, fixture } = ctx;
    const member = cast.users.member.id;
    expect(entryOf(await onlineAsOwner(), member)).toBeUndefined();

    const client = await memberSocket(ctx.server.url, cast.clients.member.cookieHeader());
    try {
      await untilMember((entry) => entry !== undefined, "member online");
      expect(entryOf(await onlineAsOwner(), member)?.chapter).toBeNull();

      expect((await client.join(`chapter:${fixture.chapterId}`)).ok).toBe(true);
      const entry = entryOf(await onlineAsOwner(), member);
      expect(entry).toMatchObject({
        userId: member,
        chapter: {
          id: fixture.chapterId,
          title: `Chapter of ${fixture.groupName}`,
          textId: fixture.textId,
        },
      });
      expect(entry?.name).toMatch(/^member /);

      // Leaving the chapter keeps them online, reading nothing.
      client.leave(`chapter:${fixture.chapterId}`);
      await untilMember((entry) => entry?.chapter === null, "chapter cleared on leave");
    } finally {
      client.close();
    }
    await untilMember((entry) => entry === undefined, "member gone after the socket closed");
  });

  it("refuses an outsider with 404 and names no one", async () => {
    const { status, body } = await ctx.cast.clients.outsider.json(
      `/api/groups/${ctx.fixture.groupId}/online`,
    );
    expect(status).toBe(404);
    expect(JSON.stringify(body)).not.toContain(ctx.cast.users.member.id);
  });

  it("never shows a chapter the member has open in another group", async () => {
    const { cast, fixture } = ctx;
    const member = cast.users.member.id;
    const otherName = `Other group ${randomUUID().slice(0, 8)}`;
    const other = await seedGroup(cast.users.outsider, { name: otherName });
    await seedMembership(other.id, member, "MEMBER");
    const text = await db.text.create({
      data: {
        groupId: other.id,
        title: `Text of ${otherName}`,
        sourceFormat: "txt",
        chapters: { create: [{ index: 0, title: `Chapter of ${otherName}` }] },
      },
      include: { chapters: true },
    });
    const otherChapterId = text.chapters[0]?.id ?? "";

    const client = await memberSocket(ctx.server.url, cast.clients.member.cookieHeader());
    try {
      expect((await client.join(`chapter:${otherChapterId}`)).ok).toBe(true);
      await untilMember((entry) => entry !== undefined, "member online");
      const seen = await cast.clients.owner.request(`/api/groups/${fixture.groupId}/online`);
      const raw = await seen.text();
      expect(raw).not.toContain(otherChapterId);
      expect(raw).not.toContain(otherName);
      expect(entryOf((JSON.parse(raw) as Online).online, member)?.chapter).toBeNull();

      // With a chapter of this group open as well, that one is shown, still not the other.
      expect((await client.join(`chapter:${fixture.chapterId}`)).ok).toBe(true);
      const both = await onlineAsOwner();
      expect(entryOf(both, member)?.chapter?.id).toBe(fixture.chapterId);
      expect(JSON.stringify(both)).not.toContain(otherChapterId);

      // The other group's owner sees the other chapter, not this group's.
      const otherOwner = new HttpClient(ctx.server.url);
      expect(
        (await otherOwner.signIn(cast.users.outsider.email, cast.users.outsider.password)).ok,
      ).toBe(true);
      const { body } = await otherOwner.json<Online>(`/api/groups/${other.id}/online`);
      expect(entryOf(body.online, member)?.chapter?.id).toBe(otherChapterId);
      expect(JSON.stringify(body)).not.toContain(fixture.chapterId);
    } finally {
      client.close();
    }
  });

  it("sees a socket on another process of the same database", async () => {
    const { cast, fixture } = ctx;
    const second = await startTestServer({ databaseUrl: ctx.databaseUrl() });
    try {
      const http = new HttpClient(second.url);
      expect((await http.signIn(cast.users.member.email, cast.users.member.password)).ok).toBe(
        true,
      );
      const client = await memberSocket(second.url, http.cookieHeader());
      try {
        expect((await client.join(`chapter:${fixture.chapterId}`)).ok).toBe(true);
        await untilMember(
          (entry) => entry?.chapter?.id === fixture.chapterId,
          "process one sees the member on process two",
          15_000,
        );
      } finally {
        client.close();
      }
      await untilMember(
        (entry) => entry === undefined,
        "gone after the socket on process two closed",
      );
    } finally {
      await second.stop();
    }
  });
});
