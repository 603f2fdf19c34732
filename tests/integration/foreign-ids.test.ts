/**
 * Issue 12, failure 2: every id a request names is checked against the actor's group. The owner
 * of group A (allowed everything in A) feeds group B's ids to every group-scoped route and page
 * and to every realtime command type: in the path, in the body or query, in a comment anchor, a
 * spotlight, a member named. Each is refused (404, or the route's documented 400/422 for a bad
 * body id; a refused ack over the socket), nothing in the database changes, and nothing of B
 * shows in the answer. Routes are discovered from app/ and command types from their schemas: a
 * new one without a row here fails the coverage tests.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMENT_COMMAND_TYPES } from "@/lib/annotations/comment-schemas";
import { ZSessionCommand } from "@/lib/sessions/live/document/session-schemas";
import { db } from "@/lib/db/prisma";
import { discoverGroupScopedRoutes } from "@/tests/helpers/app-routes";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import {
  castUsers,
  groupFixture,
  ownerComment,
  ownerHeldComment,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

/** What each group holds beyond the fixture: a thread, a mark, a held comment, an assignment. */
type Extra = {
  threadId: string;
  messageId: string;
  markId: string;
  heldCommentId: string;
  assignmentId: string;
  notificationId: string;
};
type World = {
  a: GroupFixture;
  b: GroupFixture;
  castA: Cast;
  castB: Cast;
  extraA: Extra;
  extraB: Extra;
};
let world: World;

async function extraFor(url: string, cast: Cast, f: GroupFixture): Promise<Extra> {
  const { threadId, messageId } = await ownerComment(url, cast, f, { initialiseSession: true });
  const mark = await db.sessionMark.create({
    data: {
      sessionId: f.sessionId,
      threadId,
      chapterId: f.chapterId,
      markedById: cast.users.owner.id,
    },
  });
  const heldCommentId = await ownerHeldComment(cast, f);
  const assignment = await db.assignment.create({
    data: { groupId: f.groupId, chapterId: f.chapterId, sessionId: f.sessionId },
  });
  const notification = await db.notification.create({
    data: {
      userId: cast.users.owner.id,
      groupId: f.groupId,
      kind: "assignment.created",
      payload: { title: `To read in ${f.groupName}` },
    },
  });
  return {
    threadId,
    messageId,
    markId: mark.id,
    heldCommentId,
    assignmentId: assignment.id,
    notificationId: notification.id,
  };
}

beforeAll(async () => {
  const castB = await castUsers(ctx.server.url);
  const b = await groupFixture(castB);
  world = {
    a: ctx.fixture,
    b,
    castA: ctx.cast,
    castB,
    extraA: await extraFor(ctx.server.url, ctx.cast, ctx.fixture),
    extraB: await extraFor(ctx.server.url, castB, b),
  };
  // Notifications of the setup's comments are written after their acks: let them land first.
  let previous = await databaseDigest();
  for (let tries = 0; tries < 20; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await databaseDigest();
    if (JSON.stringify(now) === JSON.stringify(previous)) break;
    previous = now;
  }
});

/**
 * A digest of every table that holds what users make: a refused request must leave all of them
 * as they were. Left out: rate-limit counters (every request counts) and the socket.io
 * adapter's bookkeeping.
 */
const NOT_STATE = new Set(["rate_limits", "socket_io_attachments", "_prisma_migrations"]);
async function databaseDigest(): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name::text AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    if (NOT_STATE.has(name)) continue;
    const [row] = await db.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS digest FROM "${name}" t`,
    );
    digest[name] = row?.digest ?? "empty";
  }
  return digest;
}

type Row = {
  method: string;
  /** What of B's the request names, for the test's title. */
  names: string;
  path: (w: World) => string;
  body?: (w: World) => unknown;
  /** 404 unless the route documents another answer for a bad id in its body. */
  expect?: number;
};

const NOT_FOUND = 404;
const anchorB = (w: World) => anchorFor(w.a.chapterId, w.b.paragraphIds[0] ?? "", "Secret");
const seriesPlan = (textId: string) => ({
  textId,
  mode: { kind: "chapters", perSession: 1 },
  weekdays: [2],
  startTime: "19:30",
  durationMinutes: 90,
  startDate: "2030-06-01",
});
const pathB = (suffix: (w: World) => string): Row => ({
  method: "GET",
  names: "B's ids in the path",
  path: suffix,
});

/** Every group-scoped route and page: group B's ids in A's requests. */
const FOREIGN_IDS: Record<string, Row[]> = {
  "app/api/chapters/[chapterId]/html/route.ts": [
    { method: "GET", names: "B's chapter", path: (w) => `/api/chapters/${w.b.chapterId}/html` },
  ],
  "app/api/chapters/[chapterId]/merge/route.ts": [
    {
      method: "POST",
      names: "B's chapter",
      path: (w) => `/api/chapters/${w.b.chapterId}/merge`,
      body: () => ({ with: "next" }),
    },
  ],
  "app/api/chapters/[chapterId]/next-session/route.ts": [
    {
      method: "GET",
      names: "B's chapter",
      path: (w) => `/api/chapters/${w.b.chapterId}/next-session`,
    },
  ],
  "app/api/chapters/[chapterId]/progress/route.ts": [
    { method: "GET", names: "B's chapter", path: (w) => `/api/chapters/${w.b.chapterId}/progress` },
    {
      method: "POST",
      names: "B's chapter",
      path: (w) => `/api/chapters/${w.b.chapterId}/progress`,
      body: () => ({ fraction: 0.5 }),
    },
    {
      method: "POST",
      names: "B's paragraph in A's chapter",
      path: (w) => `/api/chapters/${w.a.chapterId}/progress`,
      body: (w) => ({ fraction: 0.9, paragraphId: w.b.paragraphIds[0] }),
    },
    {
      method: "PUT",
      names: "B's paragraph in A's chapter",
      path: (w) => `/api/chapters/${w.a.chapterId}/progress`,
      body: (w) => ({ fraction: 0.95, paragraphId: w.b.paragraphIds[1] }),
    },
  ],
  "app/api/chapters/[chapterId]/route.ts": [
    { method: "GET", names: "B's chapter", path: (w) => `/api/chapters/${w.b.chapterId}` },
    {
      method: "PATCH",
      names: "B's chapter",
      path: (w) => `/api/chapters/${w.b.chapterId}`,
      body: () => ({ title: "Renamed" }),
    },
  ],
  "app/api/chapters/[chapterId]/split/route.ts": [
    {
      method: "POST",
      names: "B's chapter",
      path: (w) => `/api/chapters/${w.b.chapterId}/split`,
      body: (w) => ({ paragraphId: w.b.paragraphIds[1], title: "Split" }),
    },
    {
      method: "POST",
      names: "B's paragraph in A's chapter",
      path: (w) => `/api/chapters/${w.a.chapterId}/split`,
      body: (w) => ({ paragraphId: w.b.paragraphIds[1], title: "Split" }),
      expect: 422,
    },
  ],
  "app/api/comments/[messageId]/flag/route.ts": [
    {
      method: "POST",
      names: "B's comment",
      path: (w) => `/api/comments/${w.extraB.messageId}/flag`,
      body: () => ({ reason: "x" }),
    },
  ],
  "app/api/comments/[messageId]/moderation/route.ts": [
    {
      method: "POST",
      names: "B's comment",
      path: (w) => `/api/comments/${w.extraB.messageId}/moderation`,
      body: () => ({ action: "dismiss" }),
    },
  ],
  "app/api/groups/[groupId]/assignments/[assignmentId]/route.ts": [
    {
      method: "DELETE",
      names: "B's assignment under A",
      path: (w) => `/api/groups/${w.a.groupId}/assignments/${w.extraB.assignmentId}`,
    },
  ],
  "app/api/groups/[groupId]/assignments/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/assignments`),
    {
      method: "POST",
      names: "B's chapter",
      path: (w) => `/api/groups/${w.a.groupId}/assignments`,
      body: (w) => ({ chapterIds: [w.a.chapterId, w.b.chapterId] }),
      expect: 400,
    },
    {
      method: "POST",
      names: "B's session",
      path: (w) => `/api/groups/${w.a.groupId}/assignments`,
      body: (w) => ({ chapterIds: [w.a.chapterId], sessionId: w.b.sessionId }),
      expect: 400,
    },
    {
      method: "POST",
      names: "B's member",
      path: (w) => `/api/groups/${w.a.groupId}/assignments`,
      body: (w) => ({ chapterIds: [w.a.chapterId], memberIds: [w.castB.users.member.id] }),
      expect: 400,
    },
  ],
  "app/api/groups/[groupId]/calendar/regenerate/route.ts": [
    {
      method: "POST",
      names: "B's group",
      path: (w) => `/api/groups/${w.b.groupId}/calendar/regenerate`,
    },
  ],
  "app/api/groups/[groupId]/calendar/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/calendar`),
  ],
  "app/api/groups/[groupId]/flags/route.ts": [pathB((w) => `/api/groups/${w.b.groupId}/flags`)],
  "app/api/groups/[groupId]/invites/[inviteId]/route.ts": [
    {
      method: "DELETE",
      names: "B's invite under A",
      path: (w) => `/api/groups/${w.a.groupId}/invites/${w.b.inviteId}`,
    },
  ],
  "app/api/groups/[groupId]/archive/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/archive`),
    { method: "POST", names: "B's group", path: (w) => `/api/groups/${w.b.groupId}/archive` },
  ],
  "app/api/groups/[groupId]/invites/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/invites`),
    {
      method: "POST",
      names: "B's group",
      path: (w) => `/api/groups/${w.b.groupId}/invites`,
      body: () => ({ role: "MEMBER" }),
    },
  ],
  "app/api/groups/[groupId]/leave/route.ts": [
    { method: "POST", names: "B's group", path: (w) => `/api/groups/${w.b.groupId}/leave` },
  ],
  "app/api/groups/[groupId]/members/[userId]/route.ts": [
    {
      method: "PATCH",
      names: "B's member under A",
      path: (w) => `/api/groups/${w.a.groupId}/members/${w.castB.users.member.id}`,
      body: () => ({ role: "MODERATOR" }),
    },
    {
      method: "DELETE",
      names: "B's member under A",
      path: (w) => `/api/groups/${w.a.groupId}/members/${w.castB.users.member.id}`,
    },
  ],
  "app/api/groups/[groupId]/members/[userId]/password-reset/route.ts": [
    {
      method: "POST",
      names: "B's member under A",
      path: (w) => `/api/groups/${w.a.groupId}/members/${w.castB.users.member.id}/password-reset`,
    },
  ],
  "app/api/groups/[groupId]/members/route.ts": [pathB((w) => `/api/groups/${w.b.groupId}/members`)],
  "app/api/groups/[groupId]/online/route.ts": [pathB((w) => `/api/groups/${w.b.groupId}/online`)],
  "app/api/groups/[groupId]/progress/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/progress`),
  ],
  "app/api/groups/[groupId]/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}`),
    {
      method: "PATCH",
      names: "B's group",
      path: (w) => `/api/groups/${w.b.groupId}`,
      body: () => ({ name: "Renamed" }),
    },
    { method: "DELETE", names: "B's group", path: (w) => `/api/groups/${w.b.groupId}` },
  ],
  "app/api/groups/[groupId]/search/comments/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/search/comments?q=comment`),
    {
      method: "GET",
      names: "B's text in the query",
      path: (w) => `/api/groups/${w.a.groupId}/search/comments?q=comment&textId=${w.b.textId}`,
    },
  ],
  "app/api/groups/[groupId]/search/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/search?q=secret`),
    {
      method: "GET",
      names: "B's text in the query",
      path: (w) => `/api/groups/${w.a.groupId}/search?q=secret&textId=${w.b.textId}`,
    },
  ],
  "app/api/groups/[groupId]/sessions/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/sessions`),
    {
      method: "POST",
      names: "B's chapter",
      path: (w) => `/api/groups/${w.a.groupId}/sessions`,
      body: (w) => ({
        title: "Extra",
        startsAt: "2030-05-07T18:30:00Z",
        endsAt: "2030-05-07T20:00:00Z",
        chapterIds: [w.b.chapterId],
      }),
      expect: 400,
    },
    {
      method: "POST",
      names: "B's member as host",
      path: (w) => `/api/groups/${w.a.groupId}/sessions`,
      body: (w) => ({
        title: "Extra",
        startsAt: "2030-05-07T18:30:00Z",
        endsAt: "2030-05-07T20:00:00Z",
        hostId: w.castB.users.owner.id,
      }),
      expect: 400,
    },
  ],
  "app/api/groups/[groupId]/sessions/series/preview/route.ts": [
    {
      method: "POST",
      names: "B's text",
      path: (w) => `/api/groups/${w.a.groupId}/sessions/series/preview`,
      body: (w) => seriesPlan(w.b.textId),
      expect: 400,
    },
  ],
  "app/api/groups/[groupId]/sessions/series/route.ts": [
    {
      method: "POST",
      names: "B's text",
      path: (w) => `/api/groups/${w.a.groupId}/sessions/series`,
      body: (w) => seriesPlan(w.b.textId),
      expect: 400,
    },
    {
      method: "POST",
      names: "B's chapters",
      path: (w) => `/api/groups/${w.a.groupId}/sessions/series`,
      body: (w) => ({ ...seriesPlan(w.a.textId), chapterIds: [w.b.chapterId] }),
      expect: 400,
    },
    {
      method: "POST",
      names: "B's member as host",
      path: (w) => `/api/groups/${w.a.groupId}/sessions/series`,
      body: (w) => ({ ...seriesPlan(w.a.textId), hostId: w.castB.users.owner.id }),
      expect: 400,
    },
  ],
  "app/api/groups/[groupId]/texts/preview/route.ts": [
    {
      method: "POST",
      names: "B's group",
      path: (w) => `/api/groups/${w.b.groupId}/texts/preview`,
      body: () => ({ text: "A paragraph." }),
    },
  ],
  "app/api/groups/[groupId]/texts/route.ts": [
    pathB((w) => `/api/groups/${w.b.groupId}/texts`),
    {
      method: "POST",
      names: "B's group",
      path: (w) => `/api/groups/${w.b.groupId}/texts`,
      body: () => ({ title: "Pasted", text: "A paragraph." }),
    },
  ],
  "app/api/groups/[groupId]/transfer-ownership/route.ts": [
    {
      method: "POST",
      names: "B's member",
      path: (w) => `/api/groups/${w.a.groupId}/transfer-ownership`,
      body: (w) => ({ userId: w.castB.users.member.id }),
      expect: 400,
    },
  ],
  "app/api/sessions/[sessionId]/cancel/route.ts": [
    { method: "POST", names: "B's session", path: (w) => `/api/sessions/${w.b.sessionId}/cancel` },
  ],
  "app/api/sessions/[sessionId]/held-comments/[heldCommentId]/route.ts": [
    {
      method: "DELETE",
      names: "B's held comment under A's session",
      path: (w) => `/api/sessions/${w.a.sessionId}/held-comments/${w.extraB.heldCommentId}`,
    },
  ],
  "app/api/sessions/[sessionId]/held-comments/route.ts": [
    pathB((w) => `/api/sessions/${w.b.sessionId}/held-comments`),
    {
      method: "POST",
      names: "B's chapter",
      path: (w) => `/api/sessions/${w.a.sessionId}/held-comments`,
      body: (w) => ({
        chapterId: w.b.chapterId,
        anchor: anchorFor(w.b.chapterId, w.b.paragraphIds[0] ?? "", "Secret"),
        body: "Held",
      }),
      expect: 400,
    },
    {
      method: "POST",
      names: "B's paragraph in A's chapter",
      path: (w) => `/api/sessions/${w.a.sessionId}/held-comments`,
      body: (w) => ({ chapterId: w.a.chapterId, anchor: anchorB(w), body: "Held" }),
      expect: 400,
    },
  ],
  "app/api/sessions/[sessionId]/ics/route.ts": [pathB((w) => `/api/sessions/${w.b.sessionId}/ics`)],
  "app/api/sessions/[sessionId]/marks/[markId]/route.ts": [
    {
      method: "DELETE",
      names: "B's mark under A's session",
      path: (w) => `/api/sessions/${w.a.sessionId}/marks/${w.extraB.markId}`,
    },
  ],
  "app/api/sessions/[sessionId]/marks/[markId]/vote/route.ts": [
    {
      method: "PUT",
      names: "B's mark under A's session",
      path: (w) => `/api/sessions/${w.a.sessionId}/marks/${w.extraB.markId}/vote`,
    },
    {
      method: "DELETE",
      names: "B's mark under A's session",
      path: (w) => `/api/sessions/${w.a.sessionId}/marks/${w.extraB.markId}/vote`,
    },
  ],
  "app/api/sessions/[sessionId]/marks/route.ts": [
    pathB((w) => `/api/sessions/${w.b.sessionId}/marks`),
    {
      method: "POST",
      names: "B's thread",
      path: (w) => `/api/sessions/${w.a.sessionId}/marks`,
      body: (w) => ({ threadId: w.extraB.threadId }),
      expect: 400,
    },
  ],
  "app/api/sessions/[sessionId]/recap/route.ts": [
    pathB((w) => `/api/sessions/${w.b.sessionId}/recap`),
    {
      method: "PUT",
      names: "B's chapter",
      path: (w) => `/api/sessions/${w.a.sessionId}/recap`,
      body: (w) => ({ chapterId: w.b.chapterId, body: "Concluded" }),
      expect: 400,
    },
  ],
  "app/api/sessions/[sessionId]/roles/rotate/route.ts": [
    {
      method: "POST",
      names: "B's session",
      path: (w) => `/api/sessions/${w.b.sessionId}/roles/rotate`,
    },
  ],
  "app/api/sessions/[sessionId]/roles/route.ts": [
    {
      method: "PUT",
      names: "B's member",
      path: (w) => `/api/sessions/${w.a.sessionId}/roles`,
      body: (w) => ({ lead: w.castB.users.member.id }),
      expect: 400,
    },
  ],
  "app/api/sessions/[sessionId]/route.ts": [
    pathB((w) => `/api/sessions/${w.b.sessionId}`),
    {
      method: "PATCH",
      names: "B's chapter",
      path: (w) => `/api/sessions/${w.a.sessionId}`,
      body: (w) => ({ chapterIds: [w.b.chapterId] }),
      expect: 400,
    },
    {
      method: "PATCH",
      names: "B's member as host",
      path: (w) => `/api/sessions/${w.a.sessionId}`,
      body: (w) => ({ hostId: w.castB.users.member.id }),
      expect: 400,
    },
  ],
  "app/api/sessions/[sessionId]/rsvp/route.ts": [
    {
      method: "PUT",
      names: "B's session",
      path: (w) => `/api/sessions/${w.b.sessionId}/rsvp`,
      body: () => ({ status: "going" }),
    },
  ],
  "app/api/texts/[textId]/annotations/import/route.ts": [
    {
      method: "POST",
      names: "B's text",
      path: (w) => `/api/texts/${w.b.textId}/annotations/import`,
      body: () => ({ rows: [] }),
    },
  ],
  "app/api/texts/[textId]/annotations/route.ts": [
    pathB((w) => `/api/texts/${w.b.textId}/annotations?format=markdown`),
  ],
  "app/api/texts/[textId]/annotations/[threadId]/route.ts": [
    pathB((w) => `/api/texts/${w.b.textId}/annotations/${w.extraB.threadId}`),
    {
      method: "GET",
      names: "B's thread under A's text",
      path: (w) => `/api/texts/${w.a.textId}/annotations/${w.extraB.threadId}`,
    },
  ],
  "app/api/texts/[textId]/annotations/[threadId]/replies/[messageId]/route.ts": [
    pathB(
      (w) =>
        `/api/texts/${w.b.textId}/annotations/${w.extraB.threadId}/replies/${w.extraB.messageId}`,
    ),
    {
      method: "GET",
      names: "B's thread and message under A's text",
      path: (w) =>
        `/api/texts/${w.a.textId}/annotations/${w.extraB.threadId}/replies/${w.extraB.messageId}`,
    },
  ],
  "app/api/texts/[textId]/comments/route.ts": [
    pathB((w) => `/api/texts/${w.b.textId}/comments`),
    {
      method: "GET",
      names: "B's chapter in the query",
      path: (w) => `/api/texts/${w.a.textId}/comments?chapterId=${w.b.chapterId}`,
    },
  ],
  "app/api/texts/[textId]/route.ts": [
    pathB((w) => `/api/texts/${w.b.textId}`),
    {
      method: "PATCH",
      names: "B's text",
      path: (w) => `/api/texts/${w.b.textId}`,
      body: () => ({ title: "Renamed by an outsider" }),
    },
    { method: "DELETE", names: "B's text", path: (w) => `/api/texts/${w.b.textId}` },
  ],
  "app/groups/[groupId]/assignments/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/assignments`)],
  "app/groups/[groupId]/calendar/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/calendar`)],
  "app/groups/[groupId]/members/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/members`)],
  "app/groups/[groupId]/moderation/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/moderation`)],
  "app/groups/[groupId]/page.tsx": [pathB((w) => `/groups/${w.b.groupId}`)],
  "app/groups/[groupId]/search/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/search?q=secret`)],
  "app/groups/[groupId]/sessions/[sessionId]/edit/page.tsx": [
    pathB((w) => `/groups/${w.a.groupId}/sessions/${w.b.sessionId}/edit`),
  ],
  "app/groups/[groupId]/sessions/[sessionId]/live/page.tsx": [
    pathB((w) => `/groups/${w.a.groupId}/sessions/${w.b.sessionId}/live`),
  ],
  "app/groups/[groupId]/sessions/[sessionId]/page.tsx": [
    pathB((w) => `/groups/${w.a.groupId}/sessions/${w.b.sessionId}`),
  ],
  "app/groups/[groupId]/sessions/archive/page.tsx": [
    pathB((w) => `/groups/${w.b.groupId}/sessions/archive`),
  ],
  "app/groups/[groupId]/sessions/new/page.tsx": [
    pathB((w) => `/groups/${w.b.groupId}/sessions/new`),
  ],
  "app/groups/[groupId]/sessions/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/sessions`)],
  "app/groups/[groupId]/sessions/plan/page.tsx": [
    pathB((w) => `/groups/${w.b.groupId}/sessions/plan`),
  ],
  "app/groups/[groupId]/settings/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/settings`)],
  "app/groups/[groupId]/texts/[textId]/chapters/[chapterId]/page.tsx": [
    pathB((w) => `/groups/${w.a.groupId}/texts/${w.a.textId}/chapters/${w.b.chapterId}`),
    pathB((w) => `/groups/${w.a.groupId}/texts/${w.b.textId}/chapters/${w.b.chapterId}`),
  ],
  "app/groups/[groupId]/texts/[textId]/comments/page.tsx": [
    pathB((w) => `/groups/${w.a.groupId}/texts/${w.b.textId}/comments`),
    pathB((w) => `/groups/${w.a.groupId}/texts/${w.a.textId}/comments?chapterId=${w.b.chapterId}`),
  ],
  "app/groups/[groupId]/texts/[textId]/page.tsx": [
    pathB((w) => `/groups/${w.a.groupId}/texts/${w.b.textId}`),
  ],
  "app/groups/[groupId]/texts/page.tsx": [pathB((w) => `/groups/${w.b.groupId}/texts`)],
};

/** What of B's must never show in an answer to A's owner. */
function secretsOf(w: World): string[] {
  return [
    w.b.groupName,
    `Chapter of ${w.b.groupName}`,
    `Secret first paragraph of ${w.b.groupName}`,
  ];
}

describe("every group-scoped route has a foreign-id row", () => {
  it("each route and page method that app/ exports is in FOREIGN_IDS", () => {
    const missing: string[] = [];
    for (const { file, methods } of discoverGroupScopedRoutes()) {
      for (const method of methods) {
        if (!FOREIGN_IDS[file]?.some((row) => row.method === method))
          missing.push(`${method} ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe.each(Object.entries(FOREIGN_IDS))("%s", (_file, rows) => {
  it.each(rows)("$method with $names is refused and changes nothing", async (row) => {
    const before = await databaseDigest();
    const body = row.body?.(world);
    const response = await world.castA.clients.owner.request(row.path(world), {
      method: row.method,
      ...(body === undefined ? {} : { json: body }),
    });
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(row.expect ?? NOT_FOUND);
    for (const secret of secretsOf(world)) expect(text).not.toContain(secret);
    expect(await databaseDigest()).toEqual(before);
  });
});

/**
 * Every realtime command type, with B's ids where it takes them (an anchor's paragraph, a
 * spotlight's passage, a member, a thread or message), or addressed to B's document.
 */
type CommandRow = {
  type: string;
  names: string;
  doc: (w: World) => string;
  fields: (w: World) => Record<string, unknown>;
  error: "not_found" | "bad_request";
};
const chapterA = (w: World) => `chapter:${w.a.chapterId}`;
const chapterB = (w: World) => `chapter:${w.b.chapterId}`;
const sessionA = (w: World) => `session:${w.a.sessionId}`;
const sessionB = (w: World) => `session:${w.b.sessionId}`;
const HIDE_TOKEN = "t".repeat(40);

const FOREIGN_COMMANDS: CommandRow[] = [
  {
    type: "comment.create",
    names: "B's paragraph in an anchor on A's chapter",
    doc: chapterA,
    fields: (w) => ({
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorB(w),
      body: "Quoting another group",
    }),
    error: "not_found",
  },
  {
    type: "comment.create",
    names: "B's chapter and paragraph in the anchor",
    doc: chapterA,
    fields: (w) => ({
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(w.b.chapterId, w.b.paragraphIds[0] ?? "", "Secret"),
      body: "Quoting another group",
    }),
    error: "not_found",
  },
  {
    type: "comment.create",
    names: "B's chapter document",
    doc: chapterB,
    fields: (w) => ({
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(w.b.chapterId, w.b.paragraphIds[0] ?? "", "Secret"),
      body: "Writing into another group",
    }),
    error: "not_found",
  },
  {
    type: "comment.reply",
    names: "B's thread",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraB.threadId, messageId: randomUUID(), body: "Reply" }),
    error: "not_found",
  },
  {
    type: "comment.edit",
    names: "B's thread and message",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraB.threadId, messageId: w.extraB.messageId, body: "Edit" }),
    error: "not_found",
  },
  {
    type: "comment.delete",
    names: "B's thread and message",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraB.threadId, messageId: w.extraB.messageId }),
    error: "not_found",
  },
  {
    type: "thread.resolve",
    names: "B's thread",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraB.threadId }),
    error: "not_found",
  },
  {
    type: "thread.reopen",
    names: "B's thread",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraB.threadId }),
    error: "not_found",
  },
  {
    type: "reaction.toggle",
    names: "B's thread and message",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraB.threadId, messageId: w.extraB.messageId, emoji: "👍" }),
    error: "not_found",
  },
  {
    type: "comment.hide",
    names: "B's thread and message",
    doc: chapterA,
    fields: (w) => ({
      threadId: w.extraB.threadId,
      messageId: w.extraB.messageId,
      hidden: true,
      token: HIDE_TOKEN,
    }),
    error: "not_found",
  },
  {
    type: "thread.reanchor",
    names: "B's paragraph for A's thread",
    doc: chapterA,
    fields: (w) => ({ threadId: w.extraA.threadId, anchor: anchorB(w) }),
    error: "not_found",
  },
  {
    type: "spotlight.set",
    names: "B's chapter and paragraph",
    doc: sessionA,
    fields: (w) => ({ chapterId: w.b.chapterId, paragraphId: w.b.paragraphIds[0] }),
    error: "not_found",
  },
  {
    type: "spotlight.set",
    names: "B's paragraph in A's chapter",
    doc: sessionA,
    fields: (w) => ({ chapterId: w.a.chapterId, paragraphId: w.b.paragraphIds[0] }),
    error: "not_found",
  },
  {
    type: "spotlight.clear",
    names: "B's session document",
    doc: sessionB,
    fields: () => ({}),
    error: "not_found",
  },
  {
    type: "hand.raise",
    names: "B's session document",
    doc: sessionB,
    fields: () => ({}),
    error: "not_found",
  },
  {
    type: "hand.lower",
    names: "B's member",
    doc: sessionA,
    fields: (w) => ({ userId: w.castB.users.member.id }),
    error: "bad_request",
  },
  {
    type: "floor.give",
    names: "B's member",
    doc: sessionA,
    fields: (w) => ({ userId: w.castB.users.member.id }),
    error: "bad_request",
  },
  {
    type: "host.hand",
    names: "B's member",
    doc: sessionA,
    fields: (w) => ({ userId: w.castB.users.member.id }),
    error: "bad_request",
  },
];

describe("every realtime command type has a foreign-id row", () => {
  it("each comment and session command type is in FOREIGN_COMMANDS", () => {
    const types = [
      ...COMMENT_COMMAND_TYPES,
      ...ZSessionCommand.options.map((option) => option.shape.type.value),
    ];
    const covered = new Set(FOREIGN_COMMANDS.map((row) => row.type));
    expect(types.filter((type) => !covered.has(type))).toEqual([]);
  });
});

describe("realtime commands", () => {
  it.each(FOREIGN_COMMANDS)("$type with $names is refused and changes nothing", async (row) => {
    const client = new CollabClient(ctx.server.url, world.castA.clients.owner.cookieHeader());
    try {
      await client.connected();
      const doc = row.doc(world);
      // A's own documents are joined, so a change would reach this client too.
      if (doc === chapterA(world) || doc === sessionA(world))
        expect((await client.join(doc)).ok).toBe(true);
      const before = await databaseDigest();
      const ack = await client.command(doc, row.type, row.fields(world));
      expect(ack).toMatchObject({ ok: false, error: row.error });
      for (const secret of secretsOf(world)) expect(JSON.stringify(ack)).not.toContain(secret);
      expect(await databaseDigest()).toEqual(before);
    } finally {
      client.close();
    }
  });
});

describe("mentions", () => {
  it("a token naming a non-member is shown as plain text and notifies nobody", async () => {
    const w = world;
    const client = new CollabClient(ctx.server.url, w.castA.clients.owner.cookieHeader());
    const outsider = w.castB.users.member;
    const member = w.castA.users.member;
    try {
      await client.connected();
      const ack = await client.command(chapterA(w), "comment.create", {
        threadId: randomUUID(),
        messageId: randomUUID(),
        anchor: anchorFor(w.a.chapterId, w.a.paragraphIds[0] ?? "", "Secret"),
        body: `Ask @[Boss](user:${outsider.id}) and @[Pal](user:${member.id})`,
      });
      expect(ack.ok).toBe(true);
    } finally {
      client.close();
    }
    const listed = await w.castA.clients.owner.json<{
      threads: { messages: { html: string | null }[] }[];
    }>(`/api/texts/${w.a.textId}/comments`);
    const html = listed.body.threads
      .flatMap((thread) => thread.messages.map((message) => message.html))
      .find((h) => h?.includes("Ask @"));
    expect(html).toContain(`<span class="mention" data-user-id="${member.id}">`);
    expect(html).not.toContain(`data-user-id="${outsider.id}"`);
    expect(html).toContain("Ask @Boss and");
    // Notifications are written after the ack: wait for the member's, then look for the other.
    const deadline = Date.now() + 5_000;
    while (
      Date.now() < deadline &&
      (await db.notification.count({ where: { userId: member.id, kind: "comment.mention" } })) === 0
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      await db.notification.count({ where: { userId: member.id, kind: "comment.mention" } }),
    ).toBe(1);
    expect(await db.notification.count({ where: { userId: outsider.id } })).toBe(0);
  });
});
