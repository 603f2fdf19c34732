import type { TArchiveThread, TGroupArchive } from "@/lib/group-archive/archive-schema";

/**
 * What the schema cannot see: every archive id an archive names exists in it, once. Checked
 * before an import writes anything, so a hand-edited or truncated archive changes nothing.
 */
export function archiveReferenceProblems(archive: TGroupArchive): string[] {
  const problems: string[] = [];
  const unique = (file: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${file}: archive id ${id} is used twice`);
      seen.add(id);
    }
    return seen;
  };
  const members = unique(
    "members.json",
    archive.members.map((member) => member.archiveId),
  );
  unique(
    "members.json (e-mail)",
    archive.members.map((member) => member.email.toLowerCase()),
  );
  const chapters = archive.texts.flatMap((text) => text.chapters);
  unique(
    "texts.json",
    archive.texts.map((text) => text.archiveId),
  );
  const chapterIds = unique(
    "texts.json (chapters)",
    chapters.map((chapter) => chapter.archiveId),
  );
  const paragraphsOf = new Map(
    chapters.map((chapter) => [
      chapter.archiveId,
      new Set(chapter.paragraphs.map((paragraph) => paragraph.archiveId)),
    ]),
  );
  unique(
    "texts.json (paragraphs)",
    chapters.flatMap((chapter) => chapter.paragraphs.map((paragraph) => paragraph.archiveId)),
  );
  const sessionIds = unique(
    "sessions.json",
    archive.sessions.map((session) => session.archiveId),
  );

  const member = (file: string, id: string | null) => {
    if (id !== null && !members.has(id)) problems.push(`${file}: no member ${id} in members.json`);
  };
  const chapter = (file: string, id: string) => {
    if (!chapterIds.has(id)) problems.push(`${file}: no chapter ${id} in texts.json`);
  };

  if (!members.has(archive.manifest.exportedBy))
    problems.push(
      `manifest.json: exportedBy ${archive.manifest.exportedBy} is not in members.json`,
    );
  for (const text of archive.texts) member("texts.json", text.importedBy);

  const threads = (file: string, list: TArchiveThread[]) => {
    unique(file, [
      ...list.map((thread) => thread.archiveId),
      ...list.flatMap((thread) => thread.messages.map((message) => message.archiveId)),
    ]);
    for (const thread of list) {
      chapter(file, thread.chapter);
      if (thread.anchor.chapterId !== thread.chapter)
        problems.push(`${file}: thread ${thread.archiveId} is anchored in another chapter`);
      if (!paragraphsOf.get(thread.chapter)?.has(thread.anchor.paragraphId))
        problems.push(`${file}: thread ${thread.archiveId} names a paragraph not in its chapter`);
      member(file, thread.author);
      member(file, thread.resolvedBy);
      for (const message of thread.messages) {
        member(file, message.author);
        member(file, message.deletedBy);
        for (const ids of Object.values(message.reactions)) for (const id of ids) member(file, id);
      }
    }
  };
  threads("comments.json", archive.comments);
  threads("notes.json", archive.notes);
  for (const note of archive.notes)
    if (note.author !== archive.manifest.exportedBy)
      problems.push(`notes.json: note ${note.archiveId} is not the exporting member's`);

  for (const session of archive.sessions) {
    member("sessions.json", session.host);
    for (const id of session.chapters) chapter("sessions.json", id);
    for (const rsvp of session.rsvps) member("sessions.json", rsvp.member);
    for (const role of session.roles) member("sessions.json", role.member);
  }
  unique(
    "assignments.json",
    archive.assignments.map((assignment) => assignment.archiveId),
  );
  for (const assignment of archive.assignments) {
    chapter("assignments.json", assignment.chapter);
    if (assignment.session !== null && !sessionIds.has(assignment.session))
      problems.push(`assignments.json: no session ${assignment.session} in sessions.json`);
    member("assignments.json", assignment.createdBy);
    for (const id of assignment.members) member("assignments.json", id);
  }
  for (const entry of archive.progress) {
    member("progress.json", entry.member);
    chapter("progress.json", entry.chapter);
    if (entry.paragraph !== null && !paragraphsOf.get(entry.chapter)?.has(entry.paragraph))
      problems.push(
        `progress.json: paragraph ${entry.paragraph} is not in chapter ${entry.chapter}`,
      );
  }
  return problems;
}
