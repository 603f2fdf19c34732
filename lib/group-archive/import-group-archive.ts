import { randomUUID } from "node:crypto";
import { applyCommentCommand } from "@/lib/annotations/comment-commands";
import type { ProjectionChange } from "@/lib/annotations/comment-projection";
import { MAX_BODY_CHARS } from "@/lib/annotations/comment-schemas";
import { MENTION_TOKEN_PATTERN, mentionToken } from "@/lib/annotations/mentions";
import { addPrivateNote, editPrivateNote } from "@/lib/annotations/private-notes";
import { writeCommentProjection } from "@/lib/annotations/write-comment-projection";
import type { GroupAccess } from "@/lib/access/authorize";
import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import {
  textDetails,
  type TArchiveThread,
  type TGroupArchive,
} from "@/lib/group-archive/archive-schema";
import { unpackGroupArchive } from "@/lib/group-archive/archive-zip";
import { lockGroupMemberships } from "@/lib/groups/membership-rules";
import { chapterContext } from "@/lib/annotations/chapter-context";
import { storeHost, type DocumentHost } from "@/lib/documents/host";
import { chapterDoc, notesStorageName } from "@/lib/documents/names";
import { deleteDocuments, lockDocuments } from "@/lib/documents/store";
import { insertParagraphs, PARAGRAPH_BATCH } from "@/lib/texts/import-text";

export type TGroupArchiveImportResult = {
  groupId: string;
  texts: number;
  chapters: number;
  threads: number;
  messages: number;
  sessions: number;
  assignments: number;
  progress: number;
  notes: number;
  /** Existing users matched by e-mail and added to the group with their archived role. */
  membersAdded: number;
  /** Members without an account here: invited by e-mail. */
  invited: string[];
  /**
   * Messages whose author has no account here: written under the importing owner's name with
   * the original author named in the body. RSVPs, progress and reactions of such people are
   * left out (they can only belong to an account).
   */
  reattributed: number;
};

/** A large group's archive takes a while to store; the default 5 s transaction limit is too tight. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 5 * 60_000;
const DELETED_PLACEHOLDER = "(deleted)";

const date = (value: string) => new Date(value);
const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

function need<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  // The reference check of unpackGroupArchive makes this unreachable for a valid archive.
  if (value === undefined) throw new Error(`archive id ${key} was not mapped`);
  return value;
}

/** Every group part that an import fills is empty, so an import merges nothing by accident. */
export async function isGroupEmpty(groupId: string): Promise<boolean> {
  const [texts, sessions, assignments] = await Promise.all([
    db.text.count({ where: { groupId } }),
    db.discussionSession.count({ where: { groupId } }),
    db.assignment.count({ where: { groupId } }),
  ]);
  return texts + sessions + assignments === 0;
}

async function assertEmptyGroup(groupId: string): Promise<void> {
  if (!(await isGroupEmpty(groupId)))
    throw new AppError(
      "conflict",
      "An archive is imported into a new, empty group: this group already has texts, sessions or assignments",
    );
}

/**
 * Imports a group archive into the (empty) group the owner is in: new ids for everything,
 * members matched by e-mail (added with their role) or invited by e-mail, comments re-created
 * through the comment commands and their projection (the demo seed's path) with their original
 * authors and times, the exporting member's private notes into that member's notes here.
 *
 * The archive is fully validated before anything is written (422, nothing changed). The
 * relational rows are written in one transaction; the documents after it, each in its own
 * document transaction. If one of those fails, everything this import created is removed again.
 */
export async function importGroupArchive(
  access: GroupAccess,
  bytes: Uint8Array,
): Promise<TGroupArchiveImportResult> {
  const archive = unpackGroupArchive(bytes);
  await assertEmptyGroup(access.groupId);
  const importer = await db.user.findUnique({
    where: { id: access.userId },
    select: { id: true, email: true, name: true },
  });
  if (!importer) throw new AppError("unauthorized", "Sign in first");

  // People: archive id -> user id here (or null: no account with that e-mail).
  const emails = archive.members.map((member) => member.email.toLowerCase());
  const users = await db.user.findMany({
    where: { email: { in: emails, mode: "insensitive" } },
    select: { id: true, email: true, name: true },
  });
  const userByEmail = new Map(users.map((user) => [user.email.toLowerCase(), user]));
  const people = new Map(
    archive.members.map((member) => [
      member.archiveId,
      userByEmail.get(member.email.toLowerCase())?.id ?? null,
    ]),
  );
  const personName = new Map(archive.members.map((member) => [member.archiveId, member.name]));
  const mapped = (archiveId: string | null) =>
    archiveId === null ? null : (people.get(archiveId) ?? null);

  // New ids for every record.
  const ids = new Map<string, string>();
  const fresh = (archiveId: string) => {
    const id = randomUUID();
    ids.set(archiveId, id);
    return id;
  };
  for (const text of archive.texts) {
    fresh(text.archiveId);
    for (const chapter of text.chapters) {
      fresh(chapter.archiveId);
      chapter.paragraphs.forEach((paragraph) => fresh(paragraph.archiveId));
    }
  }
  archive.sessions.forEach((session) => fresh(session.archiveId));
  archive.assignments.forEach((assignment) => fresh(assignment.archiveId));

  const created = {
    membershipIds: [] as string[],
    inviteIds: [] as string[],
    docs: [] as string[],
  };
  const previousGroup = await db.group.findUniqueOrThrow({
    where: { id: access.groupId },
    select: { description: true, coverColor: true, coverEmoji: true, timeZone: true },
  });
  const result: TGroupArchiveImportResult = {
    groupId: access.groupId,
    texts: archive.texts.length,
    chapters: archive.texts.reduce((sum, text) => sum + text.chapters.length, 0),
    threads: archive.comments.length,
    messages: archive.comments.reduce((sum, thread) => sum + thread.messages.length, 0),
    sessions: archive.sessions.length,
    assignments: archive.assignments.length,
    progress: 0,
    notes: archive.notes.length,
    membersAdded: 0,
    invited: [],
    reattributed: 0,
  };

  await db.$transaction(
    async (tx) => {
      await lockGroupMemberships(tx, access.groupId);
      // One after another: a transaction is one pg client, and overlapping queries on it are
      // queued by pg with a deprecation warning (pg 9 will refuse them).
      const texts = await tx.text.count({ where: { groupId: access.groupId } });
      const sessions = await tx.discussionSession.count({ where: { groupId: access.groupId } });
      const assignments = await tx.assignment.count({ where: { groupId: access.groupId } });
      if (texts + sessions + assignments > 0)
        throw new AppError("conflict", "Another import into this group ran at the same time");

      await tx.group.update({
        where: { id: access.groupId },
        data: {
          description: archive.group.description,
          coverColor: archive.group.coverColor,
          coverEmoji: archive.group.coverEmoji,
          timeZone: archive.group.timeZone,
        },
      });

      const current = new Set(
        (
          await tx.membership.findMany({
            where: { groupId: access.groupId },
            select: { userId: true },
          })
        ).map((row) => row.userId),
      );
      for (const member of archive.members) {
        if (member.role === null) continue;
        const userId = people.get(member.archiveId) ?? null;
        if (userId) {
          if (current.has(userId)) continue;
          current.add(userId);
          const membership = await tx.membership.create({
            data: {
              groupId: access.groupId,
              userId,
              role: member.role,
              ...(member.joinedAt ? { joinedAt: date(member.joinedAt) } : {}),
            },
            select: { id: true },
          });
          created.membershipIds.push(membership.id);
          result.membersAdded++;
          continue;
        }
        // Invited the way an owner invites by e-mail (lib/invites/create-invite): one use,
        // shown to that address after sign-in.
        const email = member.email.toLowerCase();
        const open = await tx.invite.findFirst({
          where: { groupId: access.groupId, email, revokedAt: null },
          select: { id: true },
        });
        if (!open) {
          const invite = await tx.invite.create({
            data: {
              groupId: access.groupId,
              role: member.role,
              email,
              maxUses: 1,
              createdById: importer.id,
            },
            select: { id: true },
          });
          created.inviteIds.push(invite.id);
        }
        result.invited.push(email);
      }

      for (const text of archive.texts) {
        const textId = need(ids, text.archiveId);
        await tx.text.create({
          data: {
            id: textId,
            groupId: access.groupId,
            ...textDetails(text),
            importedById: mapped(text.importedBy),
            createdAt: date(text.createdAt),
          },
        });
        await tx.chapter.createMany({
          data: text.chapters.map((chapter) => ({
            id: need(ids, chapter.archiveId),
            textId,
            index: chapter.index,
            title: chapter.title,
            wordCount: chapter.wordCount,
          })),
        });
        const paragraphs = text.chapters.flatMap((chapter) =>
          chapter.paragraphs.map((paragraph) => ({
            id: need(ids, paragraph.archiveId),
            chapterId: need(ids, chapter.archiveId),
            index: paragraph.index,
            kind: paragraph.kind,
            text: paragraph.text,
            footnoteId: paragraph.footnoteId,
            refs: paragraph.footnoteRefs.join(" "),
          })),
        );
        for (let start = 0; start < paragraphs.length; start += PARAGRAPH_BATCH)
          await insertParagraphs(
            tx,
            textId,
            text.searchConfig,
            paragraphs.slice(start, start + PARAGRAPH_BATCH),
          );
      }

      for (const session of archive.sessions) {
        const rsvps = session.rsvps.flatMap((rsvp) => {
          const userId = mapped(rsvp.member);
          return userId ? [{ userId, status: rsvp.status }] : [];
        });
        const roles = session.roles.flatMap((role) => {
          const userId = mapped(role.member);
          return userId ? [{ userId, role: role.role }] : [];
        });
        await tx.discussionSession.create({
          data: {
            id: need(ids, session.archiveId),
            groupId: access.groupId,
            title: session.title,
            description: session.description,
            startsAt: date(session.startsAt),
            endsAt: date(session.endsAt),
            timeZone: session.timeZone,
            location: session.location,
            videoUrl: session.videoUrl,
            hostId: mapped(session.host),
            status: session.status,
            sequence: session.sequence,
            recap: session.recap,
            createdAt: date(session.createdAt),
            chapters: {
              create: session.chapters.map((chapter, position) => ({
                chapterId: need(ids, chapter),
                position,
              })),
            },
            rsvps: { create: rsvps },
            roles: { create: roles },
          },
        });
      }

      for (const assignment of archive.assignments) {
        const members = [...new Set(assignment.members.flatMap((id) => mapped(id) ?? []))];
        await tx.assignment.create({
          data: {
            id: need(ids, assignment.archiveId),
            groupId: access.groupId,
            chapterId: need(ids, assignment.chapter),
            sessionId: assignment.session === null ? null : need(ids, assignment.session),
            dueAt: dateOrNull(assignment.dueAt),
            forEveryone: assignment.forEveryone,
            createdById: mapped(assignment.createdBy),
            createdAt: date(assignment.createdAt),
            members: { create: members.map((userId) => ({ userId })) },
          },
        });
      }

      const progress = archive.progress.flatMap((entry) => {
        const userId = mapped(entry.member);
        return userId
          ? [
              {
                userId,
                chapterId: need(ids, entry.chapter),
                fraction: entry.fraction,
                paragraphId: entry.paragraph === null ? null : need(ids, entry.paragraph),
                completedAt: dateOrNull(entry.completedAt),
                updatedAt: date(entry.updatedAt),
              },
            ]
          : [];
      });
      await tx.readingProgress.createMany({ data: progress });
      result.progress = progress.length;
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );

  // A new group's documents: nobody has them open, so they are written through the store.
  const documents = storeHost(getPool());
  try {
    result.reattributed = await writeComments(
      documents,
      archive,
      ids,
      people,
      personName,
      importer.id,
      created.docs,
    );
    const notesOwner = mapped(archive.manifest.exportedBy) ?? importer.id;
    await writeNotes(documents, archive.notes, ids, notesOwner, created.docs);
  } catch (error) {
    await undoImport(access.groupId, ids, created, previousGroup).catch((undoError: unknown) =>
      console.error("[group-archive] could not undo a failed import:", undoError),
    );
    throw error;
  }
  return result;
}

/** Mention tokens name users by id: point them at the same people here, or leave a plain name. */
function remapMentions(body: string, people: Map<string, string | null>): string {
  return body.replace(MENTION_TOKEN_PATTERN, (_token, name: string, archiveId: string) => {
    const userId = people.get(archiveId);
    return userId ? mentionToken({ id: userId, name }) : `@${name}`;
  });
}

function commentBody(
  body: string,
  authorKnown: boolean,
  authorName: string,
  people: Map<string, string | null>,
): string {
  const remapped = remapMentions(body, people);
  if (authorKnown) return remapped;
  const full = `*Originally by ${authorName}:* ${remapped}`;
  return full.length > MAX_BODY_CHARS ? `${full.slice(0, MAX_BODY_CHARS - 1)}…` : full;
}

/** The commands that re-create one archived thread, each with its author and original time. */
function threadCommands(
  thread: TArchiveThread,
  ids: Map<string, string>,
  people: Map<string, string | null>,
  personName: Map<string, string>,
  importerId: string,
) {
  const threadId = randomUUID();
  const commands: { userId: string; at: string; command: Record<string, unknown> }[] = [];
  let reattributed = 0;
  const anchor = {
    ...thread.anchor,
    chapterId: need(ids, thread.chapter),
    paragraphId: need(ids, thread.anchor.paragraphId),
  };
  thread.messages.forEach((message, index) => {
    const author = people.get(message.author) ?? null;
    if (!author && !message.deleted) reattributed++;
    const messageId = randomUUID();
    const body = message.deleted
      ? DELETED_PLACEHOLDER
      : commentBody(
          message.body,
          author !== null,
          personName.get(message.author) ?? "someone",
          people,
        );
    commands.push({
      userId: author ?? importerId,
      at: message.createdAt,
      command:
        index === 0
          ? { type: "comment.create", threadId, messageId, anchor, body }
          : { type: "comment.reply", threadId, messageId, body },
    });
    if (message.deleted) {
      commands.push({
        userId: people.get(message.deletedBy ?? message.author) ?? author ?? importerId,
        at: message.deletedAt ?? message.createdAt,
        command: { type: "comment.delete", threadId, messageId },
      });
      return;
    }
    // The archive keeps who reacted in order, not when: spread them a millisecond apart after
    // the message so the order survives.
    let offset = 0;
    for (const [emoji, reactors] of Object.entries(message.reactions)) {
      for (const reactor of reactors) {
        const userId = people.get(reactor);
        if (!userId) continue;
        offset++;
        commands.push({
          userId,
          at: new Date(date(message.createdAt).getTime() + offset).toISOString(),
          command: { type: "reaction.toggle", threadId, messageId, emoji },
        });
      }
    }
  });
  if (thread.resolved)
    commands.push({
      userId: people.get(thread.resolvedBy ?? thread.author) ?? importerId,
      at: thread.resolvedAt ?? thread.createdAt,
      command: { type: "thread.resolve", threadId },
    });
  return { commands, reattributed };
}

async function writeComments(
  documents: DocumentHost,
  archive: TGroupArchive,
  ids: Map<string, string>,
  people: Map<string, string | null>,
  personName: Map<string, string>,
  importerId: string,
  written: string[],
): Promise<number> {
  const byChapter = new Map<string, TArchiveThread[]>();
  for (const thread of archive.comments) {
    const list = byChapter.get(thread.chapter) ?? [];
    list.push(thread);
    byChapter.set(thread.chapter, list);
  }
  let reattributed = 0;
  for (const [archiveChapter, threads] of byChapter) {
    const chapterId = need(ids, archiveChapter);
    const name = chapterDoc(chapterId);
    const context = await chapterContext(getPool(), chapterId);
    const planned = threads.map((thread) =>
      threadCommands(thread, ids, people, personName, importerId),
    );
    reattributed += planned.reduce((sum, plan) => sum + plan.reattributed, 0);
    written.push(name);
    await documents.write(
      name,
      (doc) => {
        const changes: ProjectionChange[] = [];
        for (const { userId, at, command } of planned.flatMap((plan) => plan.commands)) {
          // The archive's history was checked when it happened; replaying it as the group's
          // owner lets a moderator's deletion or resolution stand whatever roles are now.
          const outcome = applyCommentCommand(
            doc,
            { doc: name, id: randomUUID(), ...command },
            { userId, role: "OWNER" },
            date(at),
          );
          if (!outcome.ok)
            throw new AppError(
              "unprocessable",
              `Not a valid group archive: comments.json: ${outcome.message}`,
            );
          changes.push(...outcome.changes);
        }
        return changes;
      },
      (client, changes) =>
        writeCommentProjection(
          client,
          context,
          changes.map((change) => change.row),
        ),
    );
  }
  return reattributed;
}

async function writeNotes(
  documents: DocumentHost,
  notes: TArchiveThread[],
  ids: Map<string, string>,
  ownerId: string,
  written: string[],
): Promise<void> {
  const byChapter = new Map<string, TArchiveThread[]>();
  for (const note of notes)
    byChapter.set(note.chapter, [...(byChapter.get(note.chapter) ?? []), note]);
  for (const [archiveChapter, list] of byChapter) {
    const chapterId = need(ids, archiveChapter);
    const name = notesStorageName(chapterId, ownerId);
    written.push(name);
    await documents.write(
      name,
      (doc) => {
        for (const note of list) {
          const message = note.messages[0];
          if (!message || message.deleted) continue;
          const threadId = randomUUID();
          addPrivateNote(doc, {
            threadId,
            messageId: randomUUID(),
            anchor: { ...note.anchor, chapterId, paragraphId: need(ids, note.anchor.paragraphId) },
            body: message.body,
            userId: ownerId,
            at: date(message.createdAt),
          });
          if (message.editedAt)
            editPrivateNote(doc, threadId, message.body, date(message.editedAt));
        }
      },
      () => Promise.resolve(),
    );
  }
}

/** Removes what a failed import created, so the group is as it was before. */
async function undoImport(
  groupId: string,
  ids: Map<string, string>,
  created: { membershipIds: string[]; inviteIds: string[]; docs: string[] },
  previousGroup: { description: string; coverColor: string; coverEmoji: string; timeZone: string },
): Promise<void> {
  const newIds = [...ids.values()];
  await db.$transaction(async (tx) => {
    // Chapters cascade to paragraphs, comment rows, progress, assignments and session chapters.
    await tx.text.deleteMany({ where: { groupId, id: { in: newIds } } });
    await tx.discussionSession.deleteMany({ where: { groupId, id: { in: newIds } } });
    await tx.assignment.deleteMany({ where: { groupId, id: { in: newIds } } });
    await tx.membership.deleteMany({ where: { id: { in: created.membershipIds } } });
    await tx.invite.deleteMany({ where: { id: { in: created.inviteIds } } });
    await lockDocuments(tx, created.docs);
    await deleteDocuments(tx, { names: created.docs });
    await tx.group.update({ where: { id: groupId }, data: previousGroup });
  });
}
