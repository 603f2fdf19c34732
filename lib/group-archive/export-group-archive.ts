import * as Y from "yjs";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import { readThreads } from "@/lib/annotations/comment-document";
import type { GroupAccess } from "@/lib/access/authorize";
import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  textDetails,
  type TArchiveMember,
  type TArchiveThread,
  type TGroupArchive,
} from "@/lib/group-archive/archive-schema";
import { packGroupArchive } from "@/lib/group-archive/archive-zip";
import { loadStoredUpdates } from "@/lib/documents/store";
import { chapterDoc, notesStorageName } from "@/lib/documents/names";

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

/** A comment document thread in the archive's shape (ids stay as they are: archive ids). */
function archiveThread(thread: TThreadSnapshot): TArchiveThread {
  // A hidden message's body is not in the document (a moderator took it out): it leaves the
  // archive like a deleted one, as in the annotation export.
  const gone = (message: TThreadSnapshot["messages"][number]) =>
    message.deleted || message.hidden === true;
  return {
    archiveId: thread.id,
    chapter: thread.anchor.chapterId,
    anchor: thread.anchor,
    author: thread.authorId,
    createdAt: thread.createdAt,
    resolved: thread.resolved,
    resolvedBy: thread.resolvedBy,
    resolvedAt: thread.resolvedAt,
    messages: thread.messages.map((message) => ({
      archiveId: message.id,
      author: message.authorId,
      body: gone(message) ? "" : message.body,
      createdAt: message.createdAt,
      editedAt: message.editedAt,
      deleted: gone(message),
      deletedBy: message.deletedBy ?? message.hiddenBy ?? null,
      deletedAt: message.deletedAt ?? message.hiddenAt ?? null,
      reactions: gone(message) ? {} : message.reactions,
    })),
  };
}

/**
 * Everything a group owns, as one archive object (docs/group-archive.md). Comments are read
 * from the chapter documents through the annotation export's reader (hidden messages leave
 * like deleted ones, as there); the exporting member's private notes from their own documents.
 */
export async function buildGroupArchive(
  access: GroupAccess,
  now = new Date(),
): Promise<TGroupArchive> {
  const group = await db.group.findUnique({ where: { id: access.groupId } });
  if (!group) throw new AppError("not_found", "Group not found");
  const texts = await db.text.findMany({
    where: { groupId: group.id },
    orderBy: { createdAt: "asc" },
    include: {
      chapters: {
        orderBy: { index: "asc" },
        include: {
          paragraphs: {
            orderBy: { index: "asc" },
            select: {
              id: true,
              index: true,
              kind: true,
              text: true,
              footnoteId: true,
              footnoteRefs: true,
            },
          },
        },
      },
    },
  });
  const chapterIds = texts.flatMap((text) => text.chapters.map((chapter) => chapter.id));

  // Comments and notes are read from their documents (the truth; the Comment rows are a
  // projection), all in one batched read of the document store.
  const commented = await db.comment.findMany({
    where: { groupId: group.id },
    select: { chapterId: true },
    distinct: ["chapterId"],
  });
  const chapterNames = commented.map(({ chapterId }) => chapterDoc(chapterId));
  const noteNames = chapterIds.map((id) => notesStorageName(id, access.userId));
  const stored = await loadStoredUpdates(getPool(), [...chapterNames, ...noteNames]);
  const threadsOf = (names: string[]) =>
    names.flatMap((docName) => {
      const updates = stored.get(docName);
      if (!updates) return [];
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.mergeUpdates(updates));
      const threads = readThreads(doc).map(archiveThread);
      doc.destroy();
      return threads;
    });
  const comments = threadsOf(chapterNames);
  const notes = threadsOf(noteNames);

  const sessions = await db.discussionSession.findMany({
    where: { groupId: group.id },
    orderBy: { startsAt: "asc" },
    include: {
      chapters: { orderBy: [{ position: "asc" }, { chapterId: "asc" }] },
      rsvps: { orderBy: { userId: "asc" } },
      roles: { orderBy: { role: "asc" } },
    },
  });
  const assignments = await db.assignment.findMany({
    where: { groupId: group.id },
    orderBy: { createdAt: "asc" },
    include: { members: { orderBy: { userId: "asc" } } },
  });
  const progress = await db.readingProgress.findMany({
    where: { chapterId: { in: chapterIds } },
    orderBy: [{ chapterId: "asc" }, { userId: "asc" }],
  });
  const memberships = await db.membership.findMany({
    where: { groupId: group.id },
    orderBy: { joinedAt: "asc" },
    include: { user: { select: { id: true, name: true, email: true } } },
  });

  // Everyone the archive names: members, and former members who wrote, reacted or read.
  const named = new Set<string>([access.userId]);
  const name = (id: string | null) => {
    if (id) named.add(id);
  };
  texts.forEach((text) => name(text.importedById));
  for (const thread of [...comments, ...notes]) {
    name(thread.author);
    name(thread.resolvedBy);
    for (const message of thread.messages) {
      name(message.author);
      name(message.deletedBy);
      Object.values(message.reactions).forEach((ids) => ids.forEach(name));
    }
  }
  for (const session of sessions) {
    name(session.hostId);
    session.rsvps.forEach((rsvp) => name(rsvp.userId));
    session.roles.forEach((role) => name(role.userId));
  }
  for (const assignment of assignments) {
    name(assignment.createdById);
    assignment.members.forEach((member) => name(member.userId));
  }
  progress.forEach((entry) => name(entry.userId));

  const members: TArchiveMember[] = memberships.map((membership) => ({
    archiveId: membership.userId,
    name: membership.user.name,
    email: membership.user.email,
    role: membership.role,
    joinedAt: iso(membership.joinedAt),
  }));
  const memberIds = new Set(members.map((member) => member.archiveId));
  const former = await db.user.findMany({
    where: { id: { in: [...named].filter((id) => !memberIds.has(id)) } },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true },
  });
  members.push(
    ...former.map((user) => ({
      archiveId: user.id,
      name: user.name,
      email: user.email,
      role: null,
      joinedAt: null,
    })),
  );
  const known = new Set(members.map((member) => member.archiveId));
  // A reference to a user deleted since (their rows cascade away, but document history stays)
  // cannot be mapped anywhere: drop it rather than export an archive that will not import.
  const keep = (id: string | null) => (id && known.has(id) ? id : null);
  const keepThread = (thread: TArchiveThread): TArchiveThread[] =>
    known.has(thread.author) && thread.messages.every((message) => known.has(message.author))
      ? [
          {
            ...thread,
            resolvedBy: keep(thread.resolvedBy),
            messages: thread.messages.map((message) => ({
              ...message,
              deletedBy: keep(message.deletedBy),
              reactions: Object.fromEntries(
                Object.entries(message.reactions).map(([emoji, ids]) => [
                  emoji,
                  ids.filter((id) => known.has(id)),
                ]),
              ),
            })),
          },
        ]
      : [];

  const archive: Omit<TGroupArchive, "manifest"> = {
    group: {
      archiveId: group.id,
      name: group.name,
      description: group.description,
      coverColor: group.coverColor,
      coverEmoji: group.coverEmoji,
      timeZone: group.timeZone,
      createdAt: iso(group.createdAt),
    },
    members,
    texts: texts.map((text) => ({
      archiveId: text.id,
      ...textDetails(text),
      importedBy: keep(text.importedById),
      createdAt: iso(text.createdAt),
      chapters: text.chapters.map((chapter) => ({
        archiveId: chapter.id,
        index: chapter.index,
        title: chapter.title,
        wordCount: chapter.wordCount,
        paragraphs: chapter.paragraphs.map(({ id, ...paragraph }) => ({
          archiveId: id,
          ...paragraph,
        })),
      })),
    })),
    comments: comments.flatMap(keepThread),
    sessions: sessions.map((session) => ({
      archiveId: session.id,
      title: session.title,
      description: session.description,
      startsAt: iso(session.startsAt),
      endsAt: iso(session.endsAt),
      timeZone: session.timeZone,
      location: session.location,
      videoUrl: session.videoUrl,
      host: keep(session.hostId),
      status: session.status,
      sequence: session.sequence,
      recap: session.recap,
      createdAt: iso(session.createdAt),
      chapters: session.chapters.map((entry) => entry.chapterId),
      rsvps: session.rsvps.map((rsvp) => ({ member: rsvp.userId, status: rsvp.status })),
      roles: session.roles.map((role) => ({ role: role.role, member: role.userId })),
    })),
    assignments: assignments.map((assignment) => ({
      archiveId: assignment.id,
      chapter: assignment.chapterId,
      session: assignment.sessionId,
      dueAt: isoOrNull(assignment.dueAt),
      forEveryone: assignment.forEveryone,
      createdBy: keep(assignment.createdById),
      createdAt: iso(assignment.createdAt),
      members: assignment.members.map((member) => member.userId),
    })),
    progress: progress.map((entry) => ({
      member: entry.userId,
      chapter: entry.chapterId,
      fraction: entry.fraction,
      paragraph: entry.paragraphId,
      completedAt: isoOrNull(entry.completedAt),
      updatedAt: iso(entry.updatedAt),
    })),
    notes: notes.flatMap(keepThread),
  };
  return {
    manifest: {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: iso(now),
      exportedBy: access.userId,
      group: { archiveId: group.id, name: group.name },
      counts: {
        members: archive.members.filter((member) => member.role !== null).length,
        formerMembers: archive.members.filter((member) => member.role === null).length,
        texts: archive.texts.length,
        chapters: archive.texts.reduce((sum, text) => sum + text.chapters.length, 0),
        paragraphs: archive.texts.reduce(
          (sum, text) =>
            sum + text.chapters.reduce((inner, chapter) => inner + chapter.paragraphs.length, 0),
          0,
        ),
        threads: archive.comments.length,
        messages: archive.comments.reduce((sum, thread) => sum + thread.messages.length, 0),
        sessions: archive.sessions.length,
        rsvps: archive.sessions.reduce((sum, session) => sum + session.rsvps.length, 0),
        assignments: archive.assignments.length,
        progress: archive.progress.length,
        notes: archive.notes.length,
      },
    },
    ...archive,
  };
}

export type TGroupArchiveFile = { filename: string; bytes: Uint8Array };

/** The archive as a zip file, ready to download. */
export async function exportGroupArchive(
  access: GroupAccess,
  now = new Date(),
): Promise<TGroupArchiveFile> {
  const archive = await buildGroupArchive(access, now);
  const stem =
    archive.group.name
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .replace(/\s+/g, "-")
      .toLowerCase()
      .slice(0, 60) || "group";
  return {
    filename: `${stem}-archive-${iso(now).slice(0, 10)}.zip`,
    bytes: packGroupArchive(archive),
  };
}
