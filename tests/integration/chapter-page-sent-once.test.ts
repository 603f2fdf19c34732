/**
 * The chapter page sends a chapter's text once (as HTML, not again in React's flight payload),
 * reads what it needs per reader in one statement, and the HTML fragment the reader loads on a
 * client-side navigation is for members only and revalidated by ETag.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hiddenAfterParagraphIndex } from "@/lib/annotations/margin-visibility";
import { hiddenAfterFromProgress } from "@/lib/annotations/margin-visibility";
import { db } from "@/lib/db/prisma";
import { listMembers } from "@/lib/groups/list-members";
import { listChapterRecaps } from "@/lib/sessions/live/list-recaps";
import { nextSessionForChapter } from "@/lib/sessions/live/next-session-for-chapter";
import { getChapterVersion } from "@/lib/texts/get-chapter";
import { loadReaderPage } from "@/lib/texts/load-reader-page";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const context = withServerAndFixture();

const pagePath = () => {
  const f = context.fixture;
  return `/groups/${f.groupId}/texts/${f.textId}/chapters/${f.chapterId}`;
};
const htmlPath = () => `/api/chapters/${context.fixture.chapterId}/html`;

/** The flight data Next inlines into a page, as the browser's React reads it. */
function flightPayload(html: string): string {
  return [...html.matchAll(/<script[^>]*>self\.__next_f\.push\((.*?)\)<\/script>/gs)]
    .map((match) => match[1] ?? "")
    .join("");
}

describe("the chapter page", () => {
  it("GET the chapter page - every paragraph once in the HTML, no paragraph text in the flight payload", async () => {
    const response = await context.cast.clients.member.request(pagePath());
    expect(response.status).toBe(200);
    const html = await response.text();
    const flight = flightPayload(html);
    expect(flight.length).toBeGreaterThan(1000);
    const first = `Secret first paragraph of ${context.fixture.groupName}.`;
    expect(html.split(first)).toHaveLength(2);
    expect(flight).not.toContain(first);
    expect(flight).not.toContain("A second paragraph.");
    for (const id of context.fixture.paragraphIds)
      expect(html.split(`data-paragraph-id="${id}"`)).toHaveLength(2);
  });

  it("GET the chapter page - an outsider gets the 404 page and none of the text", async () => {
    const response = await context.cast.clients.outsider.request(pagePath());
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Secret first paragraph");
  });

  it("GET /api/chapters/{id}/html - the paragraphs for a member, with the version as ETag", async () => {
    const response = await context.cast.clients.member.request(htmlPath());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    const version = await getChapterVersion(context.fixture.chapterId);
    expect(response.headers.get("etag")).toBe(`"${version}"`);
    const body = await response.text();
    expect(body).toContain(`id="p-${context.fixture.paragraphIds[0]}"`);
    expect(body).toContain("A second paragraph.");
  });

  it("GET /api/chapters/{id}/html - 304 for the same version, 200 with a new ETag after a rename", async () => {
    const first = await context.cast.clients.member.request(htmlPath());
    const etag = first.headers.get("etag") ?? "";
    await first.arrayBuffer();
    const again = await context.cast.clients.member.request(htmlPath(), {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    const renamed = await context.cast.clients.owner.request(
      `/api/chapters/${context.fixture.chapterId}`,
      { method: "PATCH", json: { title: `Renamed ${randomUUID().slice(0, 6)}` } },
    );
    expect(renamed.status).toBe(200);
    const after = await context.cast.clients.member.request(htmlPath(), {
      headers: { "if-none-match": etag },
    });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
  });

  it("GET /api/chapters/{id}/html - an outsider gets 404, a signed-out visitor 401", async () => {
    const outsider = await context.cast.clients.outsider.request(htmlPath());
    expect(outsider.status).toBe(404);
    expect(await outsider.text()).not.toContain("Secret first paragraph");
    expect((await context.cast.clients.anonymous.request(htmlPath())).status).toBe(401);
  });
});

describe("loadReaderPage", () => {
  it("answers as listMembers, nextSessionForChapter, listChapterRecaps and the spoiler rule do", async () => {
    const { fixture: f, cast } = context;
    const reader = cast.users.member;
    await db.chapterRecap.create({
      data: {
        sessionId: f.sessionId,
        chapterId: f.chapterId,
        authorId: cast.users.owner.id,
        body: "What we said",
      },
    });
    await db.user.update({
      where: { id: reader.id },
      data: { hideCommentsBeyondProgress: true },
    });
    await db.readingProgress.upsert({
      where: { userId_chapterId: { userId: reader.id, chapterId: f.chapterId } },
      create: {
        userId: reader.id,
        chapterId: f.chapterId,
        paragraphId: f.paragraphIds[0] ?? null,
        fraction: 0.25,
      },
      update: { paragraphId: f.paragraphIds[0] ?? null, fraction: 0.25 },
    });

    const data = await loadReaderPage({
      userId: reader.id,
      groupId: f.groupId,
      chapterId: f.chapterId,
      withSessions: true,
    });
    const members = await listMembers({ groupId: f.groupId, userId: reader.id, role: "MEMBER" });
    expect(data.members).toEqual(members.map((m) => ({ id: m.userId, name: m.name })));
    expect(data.nextSession).toEqual(await nextSessionForChapter(f.groupId, f.chapterId));
    expect(data.nextSession).not.toBeNull();
    expect(data.recaps).toEqual(await listChapterRecaps(f.chapterId));
    expect(data.recaps).toHaveLength(1);
    expect(data.version).toBe(await getChapterVersion(f.chapterId));
    const hidden = hiddenAfterFromProgress(
      data.hideCommentsBeyondProgress,
      data.progress,
      f.paragraphIds,
    );
    expect(hidden).toBe(await hiddenAfterParagraphIndex(reader.id, f.chapterId, f.paragraphIds));
    expect(hidden).not.toBeNull();

    const withoutSessions = await loadReaderPage({
      userId: reader.id,
      groupId: f.groupId,
      chapterId: f.chapterId,
      withSessions: false,
    });
    expect(withoutSessions.nextSession).toBeNull();
    await expect(
      loadReaderPage({
        userId: reader.id,
        groupId: f.groupId,
        chapterId: randomUUID(),
        withSessions: true,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
