import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { addPrivateNote, editPrivateNote } from "@/lib/annotations/private-notes";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient, waitFor } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

type Note = { anchor: { chapterId: string; paragraphId: string }; messages: { body: string }[] };

function notesIn(client: CollabClient, doc: string): Record<string, Note> {
  return client.threads(doc) as unknown as Record<string, Note>;
}

/** Writes a note as the margin does: a local change of the member's own notes document. */
async function writeNote(
  client: CollabClient,
  userId: string,
  chapterId: string,
  paragraphId: string,
  body: string,
): Promise<string> {
  const threadId = randomUUID();
  const ack = await client.edit(`notes:${chapterId}`, (doc) =>
    addPrivateNote(doc, {
      threadId,
      messageId: randomUUID(),
      anchor: anchorFor(chapterId, paragraphId),
      body,
      userId,
    }),
  );
  expect(ack).toMatchObject({ ok: true });
  return threadId;
}

it("splitting a chapter moves each member's private notes on the moved paragraphs into their own notes of the new chapter, live, and merging brings them back", async () => {
  const { chapterId } = ctx.fixture;
  const [first, second] = ctx.fixture.paragraphIds as [string, string];
  const oldNotes = `notes:${chapterId}`;

  const member = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
  const other = new CollabClient(ctx.server.url, ctx.cast.clients.moderator.cookieHeader());
  await Promise.all([member.connected(), other.connected()]);
  expect((await member.join(oldNotes)).ok).toBe(true);
  expect((await other.join(oldNotes)).ok).toBe(true);
  const memberId = ctx.cast.users.member.id;
  const otherId = ctx.cast.users.moderator.id;
  const staying = await writeNote(member, memberId, chapterId, first, "stays with the first part");
  const moving = await writeNote(member, memberId, chapterId, second, "goes with the second");
  const othersMoving = await writeNote(other, otherId, chapterId, second, "the other's own note");

  const split = await ctx.cast.clients.owner.json<{ newChapter: { id: string } }>(
    `/api/chapters/${chapterId}/split`,
    { method: "POST", json: { paragraphId: second, title: "Second part" } },
  );
  expect(split.status).toBe(200);
  const newChapterId = split.body.newChapter.id;
  const newNotes = `notes:${newChapterId}`;

  // The member with the old chapter's notes open sees the moved note leave without reloading.
  await waitFor(() => !notesIn(member, oldNotes)[moving], 5000, "note leaves the old chapter");
  expect(notesIn(member, oldNotes)[staying]?.messages[0]?.body).toBe("stays with the first part");
  await waitFor(() => !notesIn(other, oldNotes)[othersMoving], 5000, "other's note leaves");

  expect((await member.join(newNotes)).ok).toBe(true);
  await waitFor(() => Boolean(notesIn(member, newNotes)[moving]), 5000, "note in the new chapter");
  const moved = notesIn(member, newNotes)[moving] as Note;
  expect(moved.anchor).toMatchObject({ chapterId: newChapterId, paragraphId: second });
  expect(moved.messages[0]?.body).toBe("goes with the second");
  // The owner boundary: each member's note went to their own document only.
  expect(Object.keys(notesIn(member, newNotes))).toEqual([moving]);
  expect((await other.join(newNotes)).ok).toBe(true);
  await waitFor(() => Boolean(notesIn(other, newNotes)[othersMoving]), 5000, "other's note");
  expect(Object.keys(notesIn(other, newNotes))).toEqual([othersMoving]);
  expect(Object.keys(notesIn(other, oldNotes))).toEqual([]);
  // Private notes never become shared comments.
  expect(await db.comment.count({ where: { threadId: { in: [moving, othersMoving] } } })).toBe(0);

  // The moved note stays editable where it now is.
  expect(
    (await member.edit(newNotes, (doc) => editPrivateNote(doc, moving, "edited after the split")))
      .ok,
  ).toBe(true);

  const merged = await ctx.cast.clients.owner.json(`/api/chapters/${chapterId}/merge`, {
    method: "POST",
    json: { with: "next" },
  });
  expect(merged.status).toBe(200);
  await waitFor(() => Boolean(notesIn(member, oldNotes)[moving]), 5000, "note comes back");
  expect(notesIn(member, oldNotes)[moving]?.messages[0]?.body).toBe("edited after the split");
  expect(notesIn(member, oldNotes)[moving]?.anchor.chapterId).toBe(chapterId);
  expect(Object.keys(notesIn(member, oldNotes)).sort()).toEqual([staying, moving].sort());
  await waitFor(() => Boolean(notesIn(other, oldNotes)[othersMoving]), 5000, "other's comes back");
  expect(Object.keys(notesIn(other, oldNotes))).toEqual([othersMoving]);
  await waitFor(() => Object.keys(notesIn(member, newNotes)).length === 0, 5000, "emptied");

  // A fresh join reads the stored state, not just what was relayed.
  const again = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
  await again.connected();
  expect((await again.join(oldNotes)).ok).toBe(true);
  await waitFor(
    () => Object.keys(notesIn(again, oldNotes)).length === 2,
    5000,
    "stored notes after the merge",
  );
  again.close();
  member.close();
  other.close();
});
