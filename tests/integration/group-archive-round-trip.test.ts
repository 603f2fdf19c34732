import { randomUUID } from "node:crypto";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { addPrivateNote } from "@/lib/annotations/private-notes";
import { db } from "@/lib/db/prisma";
import type { TArchiveThread, TGroupArchive } from "@/lib/group-archive/archive-schema";
import { seedGroup, seedUser } from "@/seeds/factories";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

type Zip = Record<string, Uint8Array>;

async function download(client: HttpClient, groupId: string): Promise<Response> {
  return client.request(`/api/groups/${groupId}/archive`);
}

async function exportArchive(client: HttpClient, groupId: string): Promise<Zip> {
  const response = await download(client, groupId);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/zip");
  return unzipSync(new Uint8Array(await response.arrayBuffer()));
}

function parts(zip: Zip): TGroupArchive {
  const read = (file: string) => JSON.parse(strFromU8(zip[file] ?? strToU8("null"))) as unknown;
  return {
    manifest: read("manifest.json"),
    group: read("group.json"),
    members: read("members.json"),
    texts: read("texts.json"),
    comments: read("comments.json"),
    sessions: read("sessions.json"),
    assignments: read("assignments.json"),
    progress: read("progress.json"),
    notes: read("notes.json"),
  } as TGroupArchive;
}

function importArchive(client: HttpClient, groupId: string, body: Uint8Array) {
  return client.json<{
    import?: { invited: string[]; reattributed: number; membersAdded: number };
    error?: { code: string; message: string };
  }>(`/api/groups/${groupId}/archive`, {
    method: "POST",
    headers: { "content-type": "application/zip" },
    body: Buffer.from(body),
  });
}

/**
 * The archive with every id replaced by where it stands (texts, chapters, paragraphs, sessions,
 * assignments, threads, messages by position; people by e-mail), so two archives of the same
 * data with different ids compare equal.
 */
function normalise(archive: TGroupArchive, leaveOut: string[] = []) {
  const label = new Map<string, string>();
  for (const member of archive.members) label.set(member.archiveId, member.email);
  archive.texts.forEach((text, t) => {
    label.set(text.archiveId, `text${t}`);
    text.chapters.forEach((chapter, c) => {
      label.set(chapter.archiveId, `text${t}.chapter${c}`);
      chapter.paragraphs.forEach((paragraph, p) =>
        label.set(paragraph.archiveId, `text${t}.chapter${c}.paragraph${p}`),
      );
    });
  });
  archive.sessions.forEach((session, s) => label.set(session.archiveId, `session${s}`));
  archive.assignments.forEach((assignment, a) => label.set(assignment.archiveId, `assignment${a}`));
  const byTime = (threads: TArchiveThread[]) =>
    [...threads].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  byTime(archive.comments).forEach((thread, t) => {
    label.set(thread.archiveId, `thread${t}`);
    thread.messages.forEach((message, m) => label.set(message.archiveId, `thread${t}.message${m}`));
  });
  byTime(archive.notes).forEach((note, n) => {
    label.set(note.archiveId, `note${n}`);
    note.messages.forEach((message, m) => label.set(message.archiveId, `note${n}.message${m}`));
  });
  const skip = new Set(leaveOut);
  const json = JSON.stringify(
    {
      members: archive.members.filter((member) => !skip.has(member.email)),
      texts: archive.texts,
      comments: byTime(archive.comments),
      sessions: archive.sessions,
      assignments: archive.assignments,
      progress: archive.progress,
      notes: byTime(archive.notes),
    },
    (_key, value: unknown) => {
      if (typeof value !== "string") return value;
      const exact = label.get(value);
      if (exact !== undefined) return exact;
      // Mentions name people by id inside bodies.
      return value.replace(/\(user:([A-Za-z0-9_-]+)\)/g, (token, id: string) =>
        label.has(id) ? `(user:${label.get(id)})` : token,
      );
    },
  );
  return JSON.parse(json) as unknown;
}

/** Everything the group's rows and documents hold that an import could have touched. */
async function footprint(groupId: string) {
  const [texts, sessions, assignments, members, invites, comments, docRows] = await Promise.all([
    db.text.count({ where: { groupId } }),
    db.discussionSession.count({ where: { groupId } }),
    db.assignment.count({ where: { groupId } }),
    db.membership.count({ where: { groupId } }),
    db.invite.count({ where: { groupId } }),
    db.comment.count({ where: { groupId } }),
    db.yDocUpdate.count(),
  ]);
  const group = await db.group.findUniqueOrThrow({ where: { id: groupId } });
  return { texts, sessions, assignments, members, invites, comments, docRows, group };
}

describe("group archive", () => {
  let original: Zip;
  let archive: TGroupArchive;

  beforeAll(async () => {
    const { groupId, chapterId, sessionId, paragraphIds } = ctx.fixture;
    const [first, second] = paragraphIds as [string, string];
    const { owner, moderator, member } = ctx.cast.users;
    const doc = `chapter:${chapterId}`;
    const clients = {
      owner: new CollabClient(ctx.server.url, ctx.cast.clients.owner.cookieHeader()),
      moderator: new CollabClient(ctx.server.url, ctx.cast.clients.moderator.cookieHeader()),
      member: new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader()),
    };
    await Promise.all(Object.values(clients).map((client) => client.connected()));
    for (const client of Object.values(clients)) expect((await client.join(doc)).ok).toBe(true);
    const ok = async (ack: Promise<Record<string, unknown> & { ok: boolean }>) => {
      const result = await ack;
      expect(result).toMatchObject({ ok: true });
    };

    // A discussion: a thread with replies and reactions, a mention, a deleted reply, and a
    // second thread on the other paragraph that the owner resolved.
    const open = { threadId: randomUUID(), messageId: randomUUID() };
    await ok(
      clients.owner.command(doc, "comment.create", {
        ...open,
        anchor: anchorFor(chapterId, first, "Secret"),
        body: "What is the **secret** here?",
      }),
    );
    const reply = randomUUID();
    await ok(
      clients.member.command(doc, "comment.reply", {
        threadId: open.threadId,
        messageId: reply,
        body: `I think @[Mod](user:${moderator.id}) knows.`,
      }),
    );
    const regret = randomUUID();
    await ok(
      clients.moderator.command(doc, "comment.reply", {
        threadId: open.threadId,
        messageId: regret,
        body: "Something I regret",
      }),
    );
    await ok(
      clients.moderator.command(doc, "comment.delete", {
        threadId: open.threadId,
        messageId: regret,
      }),
    );
    await ok(
      clients.moderator.command(doc, "reaction.toggle", {
        threadId: open.threadId,
        messageId: open.messageId,
        emoji: "👍",
      }),
    );
    await ok(
      clients.member.command(doc, "reaction.toggle", {
        threadId: open.threadId,
        messageId: open.messageId,
        emoji: "👍",
      }),
    );
    await ok(
      clients.owner.command(doc, "reaction.toggle", {
        threadId: open.threadId,
        messageId: reply,
        emoji: "💡",
      }),
    );
    const settled = { threadId: randomUUID(), messageId: randomUUID() };
    await ok(
      clients.member.command(doc, "comment.create", {
        ...settled,
        anchor: anchorFor(chapterId, second, "A second"),
        body: "Typo in this paragraph?",
      }),
    );
    await ok(clients.owner.command(doc, "thread.resolve", { threadId: settled.threadId }));

    // Private notes: the owner's (exported) and the member's (not the owner's to take).
    const ownerNotes = `notes:${chapterId}`;
    expect((await clients.owner.join(ownerNotes)).ok).toBe(true);
    expect((await clients.member.join(ownerNotes)).ok).toBe(true);
    const note = (client: CollabClient, userId: string, body: string) =>
      client.edit(ownerNotes, (ydoc) =>
        addPrivateNote(ydoc, {
          threadId: randomUUID(),
          messageId: randomUUID(),
          anchor: anchorFor(chapterId, second, "A second"),
          body,
          userId,
        }),
      );
    expect((await note(clients.owner, owner.id, "Owner's own reminder")).ok).toBe(true);
    expect((await note(clients.member, member.id, "Member's private thought")).ok).toBe(true);
    Object.values(clients).forEach((client) => client.close());

    // Sessions, RSVPs, roles, an assignment and reading progress.
    await db.rsvp.createMany({
      data: [
        { sessionId, userId: owner.id, status: "GOING" },
        { sessionId, userId: member.id, status: "MAYBE" },
      ],
    });
    await db.sessionRole.create({ data: { sessionId, role: "LEAD", userId: moderator.id } });
    await db.assignment.create({
      data: {
        groupId,
        chapterId,
        sessionId,
        dueAt: new Date("2030-01-15T18:00:00Z"),
        forEveryone: false,
        createdById: owner.id,
        members: { create: [{ userId: member.id }] },
      },
    });
    await db.readingProgress.createMany({
      data: [
        { userId: member.id, chapterId, fraction: 0.5, paragraphId: first },
        { userId: owner.id, chapterId, fraction: 1, completedAt: new Date("2029-12-01T10:00:00Z") },
      ],
    });

    original = await exportArchive(ctx.cast.clients.owner, groupId);
    archive = parts(original);
  });

  it("exports the whole group as a zip with a manifest and one JSON file per part", () => {
    expect(Object.keys(original).sort()).toEqual(
      [
        "assignments.json",
        "comments.json",
        "group.json",
        "manifest.json",
        "members.json",
        "notes.json",
        "progress.json",
        "sessions.json",
        "texts.json",
      ].sort(),
    );
    expect(archive.manifest).toMatchObject({
      format: "marginalia-group-archive",
      version: 1,
      exportedBy: ctx.cast.users.owner.id,
      counts: {
        members: 4,
        texts: 1,
        chapters: 2,
        paragraphs: 2,
        threads: 2,
        messages: 4,
        sessions: 1,
        rsvps: 2,
        assignments: 1,
        progress: 2,
        notes: 1,
      },
    });
    expect(archive.notes.map((note) => note.messages[0]?.body)).toEqual(["Owner's own reminder"]);
    const deleted = archive.comments.flatMap((thread) => thread.messages).find((m) => m.deleted);
    expect(deleted).toMatchObject({ body: "", deletedBy: ctx.cast.users.moderator.id });
    expect(archive.members.map((member) => member.email).sort()).toEqual(
      [ctx.cast.users.owner, ctx.cast.users.moderator, ctx.cast.users.member, ctx.cast.users.target]
        .map((user) => user.email)
        .sort(),
    );
  });

  it("only an owner exports: moderators and members are refused, outsiders see nothing", async () => {
    const { groupId } = ctx.fixture;
    expect((await download(ctx.cast.clients.moderator, groupId)).status).toBe(403);
    expect((await download(ctx.cast.clients.member, groupId)).status).toBe(403);
    expect((await download(ctx.cast.clients.outsider, groupId)).status).toBe(404);
    expect((await download(ctx.cast.clients.anonymous, groupId)).status).toBe(401);
  });

  it("imports into a new group of another owner with new ids, members matched by e-mail, and exports back the same data", async () => {
    const newOwner = await seedUser({
      email: `new-owner-${randomUUID().slice(0, 6)}@example.test`,
    });
    const client = new HttpClient(ctx.server.url);
    expect((await client.signIn(newOwner.email, newOwner.password)).ok).toBe(true);
    const target = await seedGroup(newOwner, { name: "Our group, moved" });
    const commentsBefore = await db.comment.count({ where: { groupId: ctx.fixture.groupId } });

    const started = performance.now();
    const response = await importArchive(client, target.id, zipSync(original));
    const importMs = performance.now() - started;
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.import).toMatchObject({ membersAdded: 4, invited: [], reattributed: 0 });
    console.log(`[group-archive] import of the fixture group took ${importMs.toFixed(0)} ms`);

    // New ids everywhere.
    const texts = await db.text.findMany({
      where: { groupId: target.id },
      include: { chapters: true },
    });
    expect(texts).toHaveLength(1);
    const newChapterIds = texts.flatMap((text) => text.chapters.map((chapter) => chapter.id));
    expect(newChapterIds).not.toContain(ctx.fixture.chapterId);
    expect(texts[0]?.id).not.toBe(ctx.fixture.textId);
    // The Comment projection was written with the documents.
    expect(await db.comment.count({ where: { groupId: target.id } })).toBe(commentsBefore);

    // The original owner, matched by e-mail, is an owner here too and exports it back: every
    // part compares equal once ids are normalised (the new owner is the only extra member).
    const back = parts(await exportArchive(ctx.cast.clients.owner, target.id));
    expect(back.group).toMatchObject({
      description: archive.group.description,
      coverEmoji: archive.group.coverEmoji,
      timeZone: archive.group.timeZone,
    });
    expect(normalise(back, [newOwner.email])).toEqual(normalise(archive));
    // The comparison sees a difference as small as one reaction or one RSVP.
    const fewerReactions = structuredClone(back);
    fewerReactions.comments.forEach((thread) =>
      thread.messages.forEach((message) => (message.reactions = {})),
    );
    expect(normalise(fewerReactions, [newOwner.email])).not.toEqual(normalise(archive));
    const otherRsvp = structuredClone(back);
    otherRsvp.sessions[0]?.rsvps.pop();
    expect(normalise(otherRsvp, [newOwner.email])).not.toEqual(normalise(archive));

    // The comments are live documents: a member opening the chapter sees the threads.
    const reader = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
    await reader.connected();
    const chapter = texts[0]?.chapters.find((entry) => entry.index === 0);
    const doc = `chapter:${chapter?.id ?? ""}`;
    expect((await reader.join(doc)).ok).toBe(true);
    await waitFor(() => Object.keys(reader.threads(doc)).length === 2, 10_000, "threads");
    reader.close();
  });

  it("invites members who have no account here and keeps their words under the importer's name", async () => {
    const stranger = `stranger-${randomUUID().slice(0, 6)}@example.test`;
    const edited = { ...original };
    const members = archive.members.map((member) =>
      member.archiveId === ctx.cast.users.member.id ? { ...member, email: stranger } : member,
    );
    edited["members.json"] = strToU8(JSON.stringify(members));
    const newOwner = await seedUser({
      email: `second-owner-${randomUUID().slice(0, 6)}@example.test`,
    });
    const client = new HttpClient(ctx.server.url);
    expect((await client.signIn(newOwner.email, newOwner.password)).ok).toBe(true);
    const target = await seedGroup(newOwner, { name: "Fresh instance" });

    const response = await importArchive(client, target.id, zipSync(edited));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.import).toMatchObject({ membersAdded: 3, invited: [stranger] });
    expect(response.body.import?.reattributed).toBe(2);
    const invite = await db.invite.findFirst({ where: { groupId: target.id, email: stranger } });
    expect(invite).toMatchObject({ role: "MEMBER", maxUses: 1, createdById: newOwner.id });
    const rows = await db.comment.findMany({
      where: { groupId: target.id, authorId: newOwner.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((row) => row.body)).toEqual([
      expect.stringMatching(/^\*Originally by member .*:\* I think @\[Mod\]\(user:/),
      expect.stringMatching(/^\*Originally by member .*:\* Typo in this paragraph\?$/),
    ]);
    // Their RSVP and progress have no account to belong to.
    expect(await db.rsvp.count({ where: { session: { groupId: target.id } } })).toBe(1);
  });

  it("refuses a malformed archive with a 422 naming the problem and changes nothing", async () => {
    const newOwner = await seedUser({
      email: `third-owner-${randomUUID().slice(0, 6)}@example.test`,
    });
    const client = new HttpClient(ctx.server.url);
    expect((await client.signIn(newOwner.email, newOwner.password)).ok).toBe(true);
    const target = await seedGroup(newOwner, { name: "Still empty" });
    const before = await footprint(target.id);

    const notZip = await importArchive(client, target.id, strToU8("not a zip at all"));
    expect(notZip.status).toBe(422);
    expect(notZip.body.error?.code).toBe("unprocessable");

    const dangling = archive.comments.map((thread, t) =>
      t === 0
        ? {
            ...thread,
            messages: thread.messages.map((message, m) =>
              m === 0 ? { ...message, author: "nobody-at-all" } : message,
            ),
          }
        : thread,
    );
    const broken = await importArchive(
      client,
      target.id,
      zipSync({ ...original, "comments.json": strToU8(JSON.stringify(dangling)) }),
    );
    expect(broken.status).toBe(422);
    expect(broken.body.error?.message).toMatch(/comments\.json: no member nobody-at-all/);

    const badField = archive.sessions.map((session) => ({ ...session, status: "POSTPONED" }));
    const invalid = await importArchive(
      client,
      target.id,
      zipSync({ ...original, "sessions.json": strToU8(JSON.stringify(badField)) }),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error?.message).toMatch(/sessions\.json: .*status/);

    const extra = await importArchive(
      client,
      target.id,
      zipSync({ ...original, "evil.sh": strToU8("rm -rf /") }),
    );
    expect(extra.status).toBe(422);

    expect(await footprint(target.id)).toEqual(before);
  });

  it("refuses an import by a non-owner and into a group that already has texts", async () => {
    const member = await importArchive(
      ctx.cast.clients.member,
      ctx.fixture.groupId,
      zipSync(original),
    );
    expect(member.status).toBe(403);
    const nonEmpty = await importArchive(
      ctx.cast.clients.owner,
      ctx.fixture.groupId,
      zipSync(original),
    );
    expect(nonEmpty.status).toBe(409);
  });
});
