/**
 * A past session's page lists the margin comments on its chapters (grouped by chapter, marked
 * when made during the session, hidden bodies withheld), not other chapters' comments; the
 * archive list counts them and says whether notes were taken. Comments are made over real
 * sockets with `comment.create`/`comment.reply`, hidden through the moderation route.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { db } from "@/lib/db/prisma";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";
import { anchorFor } from "@/tests/helpers/collab-client";
import { withLiveContext, type LiveRole } from "@/tests/integration/live-test-context";

const { ctx, http, connect } = withLiveContext();
const tag = randomUUID().slice(0, 6);
const bodies = {
  before: `Written before the session ${tag}`,
  during: `Irony in the opening line ${tag}`,
  reply: `Agreed, and the second clause too ${tag}`,
  hidden: `Forbidden pumpernickel ${tag}`,
  otherChapter: `About the second chapter ${tag}`,
  notes: `Decided: read chapter two aloud ${tag}`,
};
let otherChapterId = "";
let otherParagraphId = "";
let hiddenThreadId = "";

async function create(
  role: LiveRole,
  chapterId: string,
  paragraphId: string,
  exact: string,
  body: string,
): Promise<{ threadId: string; messageId: string }> {
  const client = await connect(role);
  const ids = { threadId: randomUUID(), messageId: randomUUID() };
  const ack = await client.command(`chapter:${chapterId}`, "comment.create", {
    ...ids,
    anchor: anchorFor(chapterId, paragraphId, exact),
    body,
  });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ids;
}

/** The page's HTML without React's text separators. */
async function page(role: LiveRole, path: string): Promise<{ status: number; html: string }> {
  const response = await http(role).request(path);
  return { status: response.status, html: (await response.text()).replaceAll("<!-- -->", "") };
}

/** The list item of the thread whose body contains `text`. */
function itemWith(html: string, text: string): string {
  return (
    html
      .split("<li")
      .map((item) => item.split("</li>")[0] ?? "")
      .find((item) => item.includes(text)) ?? ""
  );
}

beforeAll(async () => {
  const { chapterId, paragraphIds, textId } = ctx.fixture;
  const other = await db.chapter.findFirstOrThrow({
    where: { textId, index: 1 },
    select: { id: true },
  });
  otherChapterId = other.id;
  otherParagraphId = (
    await db.paragraph.create({
      data: { chapterId: other.id, textId, index: 0, text: "Other chapter paragraph." },
    })
  ).id;

  // One thread before the session, the rest during it.
  await create("member", chapterId, paragraphIds[1] ?? "", "A second", bodies.before);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const startsAt = new Date();
  const during = await create("member", chapterId, paragraphIds[0] ?? "", "Secret", bodies.during);
  const replier = await connect("owner");
  const reply = await replier.command(`chapter:${chapterId}`, "comment.reply", {
    threadId: during.threadId,
    messageId: randomUUID(),
    body: bodies.reply,
  });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  const hidden = await create("target", chapterId, paragraphIds[0] ?? "", "Secret", bodies.hidden);
  hiddenThreadId = hidden.threadId;
  const moderation = await ctx.cast.clients.moderator.json(
    `/api/comments/${hidden.messageId}/moderation`,
    { method: "POST", json: { action: "hide" } },
  );
  expect(moderation.status, JSON.stringify(moderation.body)).toBe(200);
  await create("member", otherChapterId, otherParagraphId, "Other", bodies.otherChapter);

  const writer = await connect("member");
  await writer.join(`session-notes:${ctx.fixture.sessionId}`);
  const notes = await writer.edit(`session-notes:${ctx.fixture.sessionId}`, (doc: Y.Doc) =>
    doc.getText(SESSION_NOTES_TEXT).insert(0, bodies.notes),
  );
  expect(notes.ok).toBe(true);

  // The session took place from just before the second thread until now.
  await db.discussionSession.update({
    where: { id: ctx.fixture.sessionId },
    data: { startsAt, endsAt: new Date(Date.now() - 1) },
  });
});

describe("past session: comments made on its chapters", () => {
  const sessionPath = () => `/groups/${ctx.fixture.groupId}/sessions/${ctx.fixture.sessionId}`;

  it("lists the threads of the session's chapters with quote, author, replies and a link to the passage; not other chapters'", async () => {
    const { status, html } = await page("target", sessionPath());
    expect(status).toBe(200);
    expect(html).toContain("Comments in the margins");
    expect(html).toContain(bodies.during);
    expect(html).toContain(bodies.before);
    // Threads, not replies, are listed; the reply is counted.
    expect(html).not.toContain(bodies.reply);
    const during = itemWith(html, bodies.during);
    expect(during).toContain("1 reply");
    expect(during).toContain("“Secret”");
    const member = await db.user.findUniqueOrThrow({ where: { id: ctx.cast.users.member.id } });
    expect(during).toContain(member.name);
    expect(during).toContain(
      `/groups/${ctx.fixture.groupId}/texts/${ctx.fixture.textId}/chapters/${ctx.fixture.chapterId}#p-${ctx.fixture.paragraphIds[0]}`,
    );
    // The second chapter is not one of the session's.
    expect(html).not.toContain(bodies.otherChapter);
    expect(html).not.toContain(`#p-${otherParagraphId}`);
  });

  it("marks the threads opened during the session, and withholds the body of a hidden one", async () => {
    const { html } = await page("member", sessionPath());
    expect(itemWith(html, bodies.during)).toContain("during the session");
    expect(itemWith(html, bodies.before)).not.toContain("during the session");
    expect(html).not.toContain("pumpernickel");
    expect(html).toContain("Hidden by a moderator.");
    const hiddenRow = await db.comment.findFirstOrThrow({
      where: { threadId: hiddenThreadId, isRoot: true },
    });
    expect(hiddenRow.hidden).toBe(true);
  });

  it("the archive list counts the visible comments on each session's chapters and says notes were taken", async () => {
    const { status, html } = await page(
      "member",
      `/groups/${ctx.fixture.groupId}/sessions/archive`,
    );
    expect(status).toBe(200);
    // Before, during and the reply: the hidden message and the other chapter's do not count.
    expect(html).toContain("3 comments on its chapters");
    expect(html).toContain("✓ shared notes");
    expect(html).toContain("no agenda");
  });

  it("outsiders and signed-out visitors get no session page", async () => {
    expect((await page("outsider", sessionPath())).status).toBe(404);
    expect((await page("outsider", `/groups/${ctx.fixture.groupId}/sessions/archive`)).status).toBe(
      404,
    );
    const anonymous = await page("anonymous", sessionPath());
    expect(anonymous.html).not.toContain(bodies.during);
  });
});
