/**
 * Every group-scoped page and route handler in app/, as owner, moderator, member, member of
 * another group, and signed out: the expected status, and no data of the group leaked when
 * refused. Routes are discovered from the app/ tree: a new group-scoped route that is not in
 * MATRIX fails this test.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  castUsers,
  groupFixture,
  MATRIX_ROLES,
  ownerComment,
  ownerHeldComment,
  type Cast,
  type GroupFixture,
  type MatrixRole,
} from "@/tests/helpers/group-fixture";
import { appSourceFiles, discoverGroupScopedRoutes } from "@/tests/helpers/app-routes";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

type Expect = Record<MatrixRole, number>;
/** `prepare` makes what a route needs beyond the group fixture (a comment); `path` gets its ids. */
type Extra = Record<string, string>;
type Row = {
  method: string;
  body?: (f: GroupFixture, cast: Cast, extra: Extra) => unknown;
  expect: Expect;
};
type Entry = {
  path: (f: GroupFixture, cast: Cast, extra: Extra) => string;
  prepare?: (f: GroupFixture, cast: Cast) => Promise<Extra>;
  rows: Row[];
};

const R = (
  owner: number,
  moderator: number,
  member: number,
  outsider: number,
  anonymous: number,
): Expect => ({
  owner,
  moderator,
  member,
  outsider,
  anonymous,
});
const READ_API = R(200, 200, 200, 404, 401);
const READ_PAGE = R(200, 200, 200, 404, 307);
/** Organisers only (sessions.manage, assignments.manage, progress.view-all). */
const MANAGE = R(200, 200, 403, 404, 401);
const MANAGE_CREATE = R(201, 201, 403, 404, 401);
const MANAGE_PAGE = R(200, 200, 404, 404, 307);
const seriesPlan = (f: GroupFixture) => ({
  textId: f.textId,
  mode: { kind: "chapters", perSession: 1 },
  weekdays: [2],
  startTime: "19:30",
  durationMinutes: 90,
  startDate: "2030-06-01",
});

/** A thread by the owner, brought to the fixture's session by the owner. */
async function ownerMark(f: GroupFixture, cast: Cast): Promise<Extra> {
  const { threadId } = await ownerComment(server.url, cast, f);
  const mark = await db.sessionMark.create({
    data: {
      sessionId: f.sessionId,
      threadId: threadId ?? "",
      chapterId: f.chapterId,
      markedById: cast.users.owner.id,
    },
  });
  return { markId: mark.id };
}

/** A comment by the owner on the fixture's chapter, through the real socket. */
const ownerCommentHere = (f: GroupFixture, cast: Cast): Promise<Extra> =>
  ownerComment(server.url, cast, f);

export const MATRIX: Record<string, Entry> = {
  "app/api/texts/[textId]/comments/route.ts": {
    path: (f) => `/api/texts/${f.textId}/comments`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/texts/[textId]/annotations/route.ts": {
    path: (f) => `/api/texts/${f.textId}/annotations?format=markdown`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  // One exported annotation (a thread's opening, or a reply) by its id: JSON-LD to members.
  "app/api/texts/[textId]/annotations/[threadId]/route.ts": {
    prepare: ownerCommentHere,
    path: (f, _cast, extra) => `/api/texts/${f.textId}/annotations/${extra.threadId}`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/texts/[textId]/annotations/[threadId]/replies/[messageId]/route.ts": {
    prepare: async (f, cast) => {
      const { threadId, replyId } = await ownerComment(server.url, cast, f, { withReply: true });
      return { threadId, messageId: replyId ?? "" };
    },
    path: (f, _cast, extra) =>
      `/api/texts/${f.textId}/annotations/${extra.threadId}/replies/${extra.messageId}`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/texts/[textId]/annotations/import/route.ts": {
    path: (f) => `/api/texts/${f.textId}/annotations/import`,
    rows: [{ method: "POST", body: () => ({ rows: [] }), expect: R(200, 200, 403, 404, 401) }],
  },
  "app/api/groups/[groupId]/flags/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/flags`,
    rows: [{ method: "GET", expect: R(200, 200, 403, 404, 401) }],
  },
  "app/api/groups/[groupId]/search/comments/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/search/comments?q=secret`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/comments/[messageId]/flag/route.ts": {
    prepare: ownerCommentHere,
    path: (_f, _cast, extra) => `/api/comments/${extra.messageId}/flag`,
    rows: [{ method: "POST", body: () => ({ reason: "x" }), expect: R(201, 201, 201, 404, 401) }],
  },
  "app/api/comments/[messageId]/moderation/route.ts": {
    prepare: ownerCommentHere,
    path: (_f, _cast, extra) => `/api/comments/${extra.messageId}/moderation`,
    rows: [
      { method: "POST", body: () => ({ action: "dismiss" }), expect: R(200, 200, 403, 404, 401) },
    ],
  },
  "app/groups/[groupId]/texts/[textId]/comments/page.tsx": {
    path: (f) => `/groups/${f.groupId}/texts/${f.textId}/comments`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/moderation/page.tsx": {
    path: (f) => `/groups/${f.groupId}/moderation`,
    rows: [{ method: "GET", expect: R(200, 200, 404, 404, 307) }],
  },
  "app/api/groups/[groupId]/route.ts": {
    path: (f) => `/api/groups/${f.groupId}`,
    rows: [
      { method: "GET", expect: READ_API },
      { method: "PATCH", body: () => ({ name: "Renamed" }), expect: R(200, 403, 403, 404, 401) },
      { method: "DELETE", expect: R(204, 403, 403, 404, 401) },
    ],
  },
  "app/api/groups/[groupId]/members/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/members`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/groups/[groupId]/online/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/online`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/groups/[groupId]/members/[userId]/route.ts": {
    path: (f, cast) => `/api/groups/${f.groupId}/members/${cast.users.target.id}`,
    rows: [
      { method: "PATCH", body: () => ({ role: "MODERATOR" }), expect: R(200, 403, 403, 404, 401) },
      { method: "DELETE", expect: R(204, 204, 403, 404, 401) },
    ],
  },
  "app/api/groups/[groupId]/members/[userId]/password-reset/route.ts": {
    path: (f, cast) => `/api/groups/${f.groupId}/members/${cast.users.target.id}/password-reset`,
    rows: [{ method: "POST", expect: R(201, 403, 403, 404, 401) }],
  },
  "app/api/groups/[groupId]/leave/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/leave`,
    rows: [{ method: "POST", expect: R(409, 204, 204, 404, 401) }],
  },
  "app/api/groups/[groupId]/transfer-ownership/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/transfer-ownership`,
    rows: [
      {
        method: "POST",
        body: (_f, cast) => ({ userId: cast.users.target.id }),
        expect: R(200, 403, 403, 404, 401),
      },
    ],
  },
  "app/api/groups/[groupId]/archive/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/archive`,
    rows: [
      { method: "GET", expect: R(200, 403, 403, 404, 401) },
      // No archive in the body: the owner passes the permission check and is told what to send.
      { method: "POST", expect: R(415, 403, 403, 404, 401) },
    ],
  },
  "app/api/groups/[groupId]/invites/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/invites`,
    rows: [
      { method: "GET", expect: R(200, 200, 403, 404, 401) },
      { method: "POST", body: () => ({ role: "MEMBER" }), expect: R(201, 201, 403, 404, 401) },
    ],
  },
  "app/api/groups/[groupId]/invites/[inviteId]/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/invites/${f.inviteId}`,
    rows: [{ method: "DELETE", expect: R(204, 204, 403, 404, 401) }],
  },
  "app/api/chapters/[chapterId]/html/route.ts": {
    path: (f) => `/api/chapters/${f.chapterId}/html`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/chapters/[chapterId]/next-session/route.ts": {
    path: (f) => `/api/chapters/${f.chapterId}/next-session`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/chapters/[chapterId]/progress/route.ts": {
    path: (f) => `/api/chapters/${f.chapterId}/progress`,
    rows: [
      { method: "GET", expect: READ_API },
      { method: "POST", body: () => ({ fraction: 0.5 }), expect: READ_API },
      { method: "PUT", body: () => ({ completed: true }), expect: READ_API },
    ],
  },
  "app/groups/[groupId]/page.tsx": {
    path: (f) => `/groups/${f.groupId}`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/members/page.tsx": {
    path: (f) => `/groups/${f.groupId}/members`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/settings/page.tsx": {
    path: (f) => `/groups/${f.groupId}/settings`,
    rows: [{ method: "GET", expect: R(200, 404, 404, 404, 307) }],
  },
  // Texts (issue 4)
  "app/api/groups/[groupId]/texts/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/texts`,
    rows: [
      { method: "GET", expect: READ_API },
      {
        method: "POST",
        body: () => ({ title: "Pasted", text: "A pasted paragraph to import." }),
        expect: R(201, 201, 403, 404, 401),
      },
    ],
  },
  "app/api/groups/[groupId]/texts/preview/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/texts/preview`,
    rows: [
      {
        method: "POST",
        body: () => ({ text: "A pasted paragraph to preview." }),
        expect: R(200, 200, 403, 404, 401),
      },
    ],
  },
  "app/api/groups/[groupId]/search/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/search?q=secret`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/texts/[textId]/route.ts": {
    path: (f) => `/api/texts/${f.textId}`,
    rows: [
      { method: "GET", expect: READ_API },
      {
        method: "PATCH",
        body: () => ({ author: "A. N. Author" }),
        expect: R(200, 200, 403, 404, 401),
      },
      { method: "DELETE", expect: R(204, 204, 403, 404, 401) },
    ],
  },
  "app/api/chapters/[chapterId]/route.ts": {
    path: (f) => `/api/chapters/${f.chapterId}`,
    rows: [
      { method: "GET", expect: READ_API },
      { method: "PATCH", body: () => ({ title: "Renamed" }), expect: R(200, 200, 403, 404, 401) },
    ],
  },
  "app/api/chapters/[chapterId]/split/route.ts": {
    path: (f) => `/api/chapters/${f.chapterId}/split`,
    rows: [
      {
        method: "POST",
        body: (f) => ({ paragraphId: f.paragraphIds[1], title: "Split off" }),
        expect: R(200, 200, 403, 404, 401),
      },
    ],
  },
  "app/api/chapters/[chapterId]/merge/route.ts": {
    path: (f) => `/api/chapters/${f.chapterId}/merge`,
    rows: [{ method: "POST", body: () => ({ with: "next" }), expect: R(200, 200, 403, 404, 401) }],
  },
  "app/groups/[groupId]/texts/page.tsx": {
    path: (f) => `/groups/${f.groupId}/texts`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/texts/[textId]/page.tsx": {
    path: (f) => `/groups/${f.groupId}/texts/${f.textId}`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/texts/[textId]/chapters/[chapterId]/page.tsx": {
    path: (f) => `/groups/${f.groupId}/texts/${f.textId}/chapters/${f.chapterId}`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/search/page.tsx": {
    path: (f) => `/groups/${f.groupId}/search?q=secret`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  // Sessions, assignments, progress, calendar (issue 7)
  "app/api/groups/[groupId]/sessions/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/sessions`,
    rows: [
      { method: "GET", expect: READ_API },
      {
        method: "POST",
        body: () => ({
          title: "Extra session",
          startsAt: "2030-05-07T18:30:00Z",
          endsAt: "2030-05-07T20:00:00Z",
        }),
        expect: MANAGE_CREATE,
      },
    ],
  },
  "app/api/groups/[groupId]/sessions/series/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/sessions/series`,
    rows: [{ method: "POST", body: seriesPlan, expect: MANAGE_CREATE }],
  },
  "app/api/groups/[groupId]/sessions/series/preview/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/sessions/series/preview`,
    rows: [{ method: "POST", body: seriesPlan, expect: MANAGE }],
  },
  "app/api/groups/[groupId]/calendar/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/calendar`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  "app/api/groups/[groupId]/calendar/regenerate/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/calendar/regenerate`,
    rows: [{ method: "POST", expect: READ_API }],
  },
  "app/api/groups/[groupId]/assignments/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/assignments`,
    rows: [
      { method: "GET", expect: READ_API },
      { method: "POST", body: (f) => ({ chapterIds: [f.chapterId] }), expect: MANAGE_CREATE },
    ],
  },
  "app/api/groups/[groupId]/assignments/[assignmentId]/route.ts": {
    prepare: async (f) => ({
      assignmentId: (
        await db.assignment.create({
          data: { groupId: f.groupId, chapterId: f.chapterId, sessionId: f.sessionId },
        })
      ).id,
    }),
    path: (f, _cast, extra) => `/api/groups/${f.groupId}/assignments/${extra.assignmentId}`,
    rows: [{ method: "DELETE", expect: R(204, 204, 403, 404, 401) }],
  },
  "app/api/groups/[groupId]/progress/route.ts": {
    path: (f) => `/api/groups/${f.groupId}/progress`,
    rows: [{ method: "GET", expect: MANAGE }],
  },
  "app/api/sessions/[sessionId]/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}`,
    rows: [
      { method: "GET", expect: READ_API },
      { method: "PATCH", body: () => ({ title: "Renamed session" }), expect: MANAGE },
    ],
  },
  "app/api/sessions/[sessionId]/cancel/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/cancel`,
    rows: [{ method: "POST", expect: MANAGE }],
  },
  "app/api/sessions/[sessionId]/rsvp/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/rsvp`,
    rows: [{ method: "PUT", body: () => ({ status: "going" }), expect: READ_API }],
  },
  "app/api/sessions/[sessionId]/roles/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/roles`,
    rows: [{ method: "PUT", body: (_f, cast) => ({ lead: cast.users.target.id }), expect: MANAGE }],
  },
  "app/api/sessions/[sessionId]/roles/rotate/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/roles/rotate`,
    rows: [{ method: "POST", expect: MANAGE }],
  },
  "app/api/sessions/[sessionId]/ics/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/ics`,
    rows: [{ method: "GET", expect: READ_API }],
  },
  // The token is the credential: anyone holding a valid one reads the feed, nobody else.
  "app/api/calendar/[token]/route.ts": {
    prepare: async (f, cast) => ({
      token: (
        await db.calendarToken.create({
          data: {
            userId: cast.users.member.id,
            groupId: f.groupId,
            token: randomUUID().replaceAll("-", ""),
          },
        })
      ).token,
    }),
    path: (_f, _cast, extra) => `/api/calendar/${extra.token}.ics`,
    rows: [{ method: "GET", expect: R(200, 200, 200, 200, 200) }],
  },
  "app/api/calendar/[token]/route.ts (unknown token)": {
    path: () => `/api/calendar/${randomUUID().replaceAll("-", "")}.ics`,
    rows: [{ method: "GET", expect: R(404, 404, 404, 404, 404) }],
  },
  "app/groups/[groupId]/sessions/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/sessions/archive/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions/archive`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/sessions/new/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions/new`,
    rows: [{ method: "GET", expect: MANAGE_PAGE }],
  },
  "app/groups/[groupId]/sessions/plan/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions/plan`,
    rows: [{ method: "GET", expect: MANAGE_PAGE }],
  },
  "app/groups/[groupId]/sessions/[sessionId]/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions/${f.sessionId}`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/sessions/[sessionId]/edit/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions/${f.sessionId}/edit`,
    rows: [{ method: "GET", expect: MANAGE_PAGE }],
  },
  "app/api/sessions/[sessionId]/held-comments/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/held-comments`,
    rows: [
      { method: "GET", expect: READ_API },
      {
        method: "POST",
        body: (f) => ({
          chapterId: f.chapterId,
          anchor: anchorFor(f.chapterId, f.paragraphIds[0] ?? "", "Secret"),
          body: "Held until the session",
        }),
        expect: R(201, 201, 201, 404, 401),
      },
    ],
  },
  // The owner's held comment: nobody else learns that it exists.
  "app/api/sessions/[sessionId]/held-comments/[heldCommentId]/route.ts": {
    prepare: async (f, cast) => ({ heldCommentId: await ownerHeldComment(cast, f) }),
    path: (f, _cast, extra) => `/api/sessions/${f.sessionId}/held-comments/${extra.heldCommentId}`,
    rows: [{ method: "DELETE", expect: R(204, 404, 404, 404, 401) }],
  },
  "app/api/sessions/[sessionId]/marks/route.ts": {
    prepare: ownerCommentHere,
    path: (f) => `/api/sessions/${f.sessionId}/marks`,
    rows: [
      { method: "GET", expect: READ_API },
      {
        method: "POST",
        body: (_f, _cast, extra) => ({ threadId: extra.threadId }),
        expect: R(201, 201, 201, 404, 401),
      },
    ],
  },
  // Marked by the owner: the owner and whoever runs sessions take it off, a member may not.
  "app/api/sessions/[sessionId]/marks/[markId]/route.ts": {
    prepare: ownerMark,
    path: (f, _cast, extra) => `/api/sessions/${f.sessionId}/marks/${extra.markId}`,
    rows: [{ method: "DELETE", expect: R(204, 204, 403, 404, 401) }],
  },
  "app/api/sessions/[sessionId]/marks/[markId]/vote/route.ts": {
    prepare: ownerMark,
    path: (f, _cast, extra) => `/api/sessions/${f.sessionId}/marks/${extra.markId}/vote`,
    rows: [
      { method: "PUT", expect: READ_API },
      { method: "DELETE", expect: READ_API },
    ],
  },
  "app/api/sessions/[sessionId]/recap/route.ts": {
    path: (f) => `/api/sessions/${f.sessionId}/recap`,
    rows: [
      { method: "GET", expect: READ_API },
      // The fixture's host is the owner; moderators run sessions too; members may not.
      {
        method: "PUT",
        body: (f) => ({ chapterId: f.chapterId, body: "What we concluded" }),
        expect: MANAGE,
      },
    ],
  },
  "app/groups/[groupId]/sessions/[sessionId]/live/page.tsx": {
    path: (f) => `/groups/${f.groupId}/sessions/${f.sessionId}/live`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/calendar/page.tsx": {
    path: (f) => `/groups/${f.groupId}/calendar`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
  "app/groups/[groupId]/assignments/page.tsx": {
    path: (f) => `/groups/${f.groupId}/assignments`,
    rows: [{ method: "GET", expect: READ_PAGE }],
  },
};

function discoverServerActions(): string[] {
  return appSourceFiles().filter(
    (file) =>
      /\.(ts|tsx)$/.test(file) && /^\s*["']use server["']/m.test(readFileSync(file, "utf8")),
  );
}

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;

beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
});
afterAll(async () => server?.stop());

describe("the matrix covers the app", () => {
  it("every group-scoped page and route handler method has a row", () => {
    const missing: string[] = [];
    for (const { file, methods } of discoverGroupScopedRoutes()) {
      const entry = MATRIX[file];
      for (const method of methods) {
        if (!entry?.rows.some((row) => row.method === method)) missing.push(`${method} ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("every server action is in the matrix (none exist yet: they would need rows here)", () => {
    expect(discoverServerActions().filter((file) => !MATRIX[file])).toEqual([]);
  });
});

describe.each(Object.entries(MATRIX))("%s", (_file, entry) => {
  it.each(entry.rows.flatMap((row) => MATRIX_ROLES.map((role) => ({ row, role }))))(
    "$row.method as $role",
    async ({ row, role }) => {
      const fixture = await groupFixture(cast);
      const extra = (await entry.prepare?.(fixture, cast)) ?? {};
      const client = cast.clients[role];
      const body = row.body?.(fixture, cast, extra);
      const response = await client.request(entry.path(fixture, cast, extra), {
        method: row.method,
        ...(body === undefined ? {} : { json: body }),
      });
      const text = await response.text();
      expect(response.status, text.slice(0, 300)).toBe(row.expect[role]);
      if (response.status === 307) expect(response.headers.get("location")).toContain("/sign-in");
      if (response.status >= 300) {
        expect(text).not.toContain(fixture.groupName);
        expect(text).not.toContain(`Private notes of ${fixture.groupName}`);
      }
    },
  );
});

/**
 * Socket documents, the same five roles: what `join` answers, and whether a command from that
 * role on the session document is accepted. Anonymous sockets never get past the handshake.
 */
const SOCKET_DOCS: Record<
  string,
  { doc: (f: GroupFixture) => string; join: Record<Exclude<MatrixRole, "anonymous">, unknown> }
> = {
  chapter: {
    doc: (f) => `chapter:${f.chapterId}`,
    join: {
      owner: { ok: true, writable: false },
      moderator: { ok: true, writable: false },
      member: { ok: true, writable: false },
      outsider: { ok: false, error: "not_found" },
    },
  },
  notes: {
    doc: (f) => `notes:${f.chapterId}`,
    join: {
      owner: { ok: true, writable: true },
      moderator: { ok: true, writable: true },
      member: { ok: true, writable: true },
      outsider: { ok: false, error: "not_found" },
    },
  },
  session: {
    doc: (f) => `session:${f.sessionId}`,
    join: {
      owner: { ok: true, writable: false },
      moderator: { ok: true, writable: false },
      member: { ok: true, writable: false },
      outsider: { ok: false, error: "not_found" },
    },
  },
  "session-notes": {
    doc: (f) => `session-notes:${f.sessionId}`,
    join: {
      owner: { ok: true, writable: true },
      moderator: { ok: true, writable: true },
      member: { ok: true, writable: true },
      outsider: { ok: false, error: "not_found" },
    },
  },
};

describe("socket documents", () => {
  it("a signed-out socket is refused at the handshake", async () => {
    const client = new CollabClient(server.url, undefined);
    await expect(client.connected()).rejects.toThrow("unauthorized");
    client.close();
  });

  it.each(
    Object.entries(SOCKET_DOCS).flatMap(([kind, entry]) =>
      (["owner", "moderator", "member", "outsider"] as const).map((role) => ({
        kind,
        entry,
        role,
      })),
    ),
  )("join $kind as $role", async ({ entry, role }) => {
    const fixture = await groupFixture(cast);
    const client = new CollabClient(server.url, cast.clients[role].cookieHeader());
    try {
      await client.connected();
      expect(await client.join(entry.doc(fixture))).toEqual(entry.join[role]);
    } finally {
      client.close();
    }
  });

  it.each([
    { role: "owner", expected: true },
    { role: "moderator", expected: true },
    { role: "member", expected: false },
    { role: "outsider", expected: false },
  ] as const)(
    "spotlight.set on a session document as $role (the owner hosts)",
    async ({ role, expected }) => {
      const fixture = await groupFixture(cast);
      const client = new CollabClient(server.url, cast.clients[role].cookieHeader());
      try {
        await client.connected();
        const ack = await client.command(`session:${fixture.sessionId}`, "spotlight.set", {
          chapterId: fixture.chapterId,
          paragraphId: fixture.paragraphIds[0],
        });
        expect(ack.ok).toBe(expected);
        if (!expected) expect(ack.error).toBe(role === "outsider" ? "not_found" : "forbidden");
      } finally {
        client.close();
      }
    },
  );
});
