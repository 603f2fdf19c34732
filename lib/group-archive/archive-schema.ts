import { z } from "zod";
import { MAX_BODY_CHARS, REACTION_EMOJI, ZCommentAnchor } from "@/lib/annotations/comment-schemas";

/**
 * The group archive, format version 1 (docs/group-archive.md): a zip of JSON files. Every
 * record names others by "archive id" (the id it had where it was exported); an import maps
 * them to new ids. The schemas are strict so a hand-edited archive with a typo is refused
 * rather than half understood.
 */
export const ARCHIVE_FORMAT = "marginalia-group-archive";
export const ARCHIVE_VERSION = 1;

/** The files of an archive, in the order they are written. Nothing else may be in the zip. */
export const ARCHIVE_FILES = [
  "manifest.json",
  "group.json",
  "members.json",
  "texts.json",
  "comments.json",
  "sessions.json",
  "assignments.json",
  "progress.json",
  "notes.json",
] as const;
export type TArchiveFile = (typeof ARCHIVE_FILES)[number];

/** Upload cap: a group with a dozen books and years of comments fits easily. */
export const ARCHIVE_MAX_BYTES = 50 * 1024 * 1024;
/** Inflated size caps, read from the zip's directory before anything is inflated. */
export const ARCHIVE_MAX_ENTRY_BYTES = 100 * 1024 * 1024;
export const ARCHIVE_MAX_TOTAL_BYTES = 200 * 1024 * 1024;
/** JSON compresses about 5–15×; far beyond that is a decompression bomb. */
export const ARCHIVE_MAX_COMPRESSION_RATIO = 100;

const ZArchiveId = z.string().min(1).max(100);
const ZTime = z.iso.datetime({ offset: true });
const ZRole = z.enum(["OWNER", "MODERATOR", "MEMBER"]);

export const ZArchiveManifest = z
  .object({
    format: z.literal(ARCHIVE_FORMAT),
    version: z.literal(ARCHIVE_VERSION),
    exportedAt: ZTime,
    /** The member who exported it: their private notes are in notes.json. */
    exportedBy: ZArchiveId,
    group: z.object({ archiveId: ZArchiveId, name: z.string() }).strict(),
    counts: z.record(z.string(), z.number().int().min(0)),
  })
  .strict();

export const ZArchiveGroup = z
  .object({
    archiveId: ZArchiveId,
    name: z.string().min(1).max(200),
    description: z.string().max(5_000),
    coverColor: z.string().max(20),
    coverEmoji: z.string().max(20),
    timeZone: z.string().min(1).max(100),
    createdAt: ZTime,
  })
  .strict();

/** role null: someone who wrote or reacted in the group and is no longer a member. */
export const ZArchiveMember = z
  .object({
    archiveId: ZArchiveId,
    name: z.string().max(200),
    email: z.email().max(320),
    role: ZRole.nullable(),
    joinedAt: ZTime.nullable(),
  })
  .strict();

export const ZArchiveParagraph = z
  .object({
    archiveId: ZArchiveId,
    index: z.number().int().min(0),
    kind: z.string().min(1).max(40),
    text: z.string(),
    footnoteId: z.string().max(200).nullable(),
    footnoteRefs: z.array(z.string().max(200)),
  })
  .strict();

export const ZArchiveChapter = z
  .object({
    archiveId: ZArchiveId,
    index: z.number().int().min(0),
    title: z.string().max(300),
    wordCount: z.number().int().min(0),
    paragraphs: z.array(ZArchiveParagraph),
  })
  .strict();

export const ZArchiveText = z
  .object({
    archiveId: ZArchiveId,
    title: z.string().min(1).max(300),
    author: z.string().max(300).nullable(),
    year: z.number().int().nullable(),
    language: z.string().max(40).nullable(),
    searchConfig: z.string().regex(/^[a-z_]{1,40}$/, "a PostgreSQL text search configuration"),
    sourceFormat: z.string().min(1).max(40),
    sourceFileName: z.string().max(300).nullable(),
    wordCount: z.number().int().min(0),
    importedBy: ZArchiveId.nullable(),
    createdAt: ZTime,
    chapters: z.array(ZArchiveChapter),
  })
  .strict();

type TextDetails = Pick<
  z.infer<typeof ZArchiveText>,
  | "title"
  | "author"
  | "year"
  | "language"
  | "searchConfig"
  | "sourceFormat"
  | "sourceFileName"
  | "wordCount"
>;

/** The fields a text row and its archive record share, copied as they are both ways. */
export function textDetails(text: TextDetails): TextDetails {
  return {
    title: text.title,
    author: text.author,
    year: text.year,
    language: text.language,
    searchConfig: text.searchConfig,
    sourceFormat: text.sourceFormat,
    sourceFileName: text.sourceFileName,
    wordCount: text.wordCount,
  };
}

export const ZArchiveMessage = z
  .object({
    archiveId: ZArchiveId,
    author: ZArchiveId,
    /** Empty for a deleted message. */
    body: z.string().max(MAX_BODY_CHARS),
    createdAt: ZTime,
    editedAt: ZTime.nullable(),
    deleted: z.boolean(),
    deletedBy: ZArchiveId.nullable(),
    deletedAt: ZTime.nullable(),
    /** emoji -> member archive ids, in the order they reacted */
    reactions: z.partialRecord(z.enum(REACTION_EMOJI), z.array(ZArchiveId)),
  })
  .strict()
  .refine((message) => message.deleted || message.body.trim().length > 0, {
    message: "a message that is not deleted has a body",
    path: ["body"],
  });

/** A margin thread (comments.json) or a private note (notes.json): one schema for both. */
export const ZArchiveThread = z
  .object({
    archiveId: ZArchiveId,
    chapter: ZArchiveId,
    /** As in the comment document, with archive ids for chapter and paragraph. */
    anchor: ZCommentAnchor,
    author: ZArchiveId,
    createdAt: ZTime,
    resolved: z.boolean(),
    resolvedBy: ZArchiveId.nullable(),
    resolvedAt: ZTime.nullable(),
    messages: z.array(ZArchiveMessage).min(1),
  })
  .strict();

export const ZArchiveSession = z
  .object({
    archiveId: ZArchiveId,
    title: z.string().min(1).max(300),
    description: z.string().max(10_000),
    startsAt: ZTime,
    endsAt: ZTime,
    timeZone: z.string().min(1).max(100),
    location: z.string().max(500).nullable(),
    videoUrl: z.string().max(2_000).nullable(),
    host: ZArchiveId.nullable(),
    status: z.enum(["SCHEDULED", "CANCELLED"]),
    sequence: z.number().int().min(0),
    recap: z.string().max(50_000).nullable(),
    createdAt: ZTime,
    /** Chapter archive ids in the session's order. */
    chapters: z.array(ZArchiveId),
    rsvps: z.array(
      z.object({ member: ZArchiveId, status: z.enum(["GOING", "MAYBE", "NOT_GOING"]) }).strict(),
    ),
    roles: z.array(
      z.object({ role: z.enum(["LEAD", "SUMMARISER", "QUESTIONS"]), member: ZArchiveId }).strict(),
    ),
  })
  .strict();

export const ZArchiveAssignment = z
  .object({
    archiveId: ZArchiveId,
    chapter: ZArchiveId,
    session: ZArchiveId.nullable(),
    dueAt: ZTime.nullable(),
    forEveryone: z.boolean(),
    createdBy: ZArchiveId.nullable(),
    createdAt: ZTime,
    members: z.array(ZArchiveId),
  })
  .strict();

export const ZArchiveProgress = z
  .object({
    member: ZArchiveId,
    chapter: ZArchiveId,
    fraction: z.number().min(0).max(1),
    paragraph: ZArchiveId.nullable(),
    completedAt: ZTime.nullable(),
    updatedAt: ZTime,
  })
  .strict();

export const ZGroupArchive = z.object({
  manifest: ZArchiveManifest,
  group: ZArchiveGroup,
  members: z.array(ZArchiveMember),
  texts: z.array(ZArchiveText),
  comments: z.array(ZArchiveThread),
  sessions: z.array(ZArchiveSession),
  assignments: z.array(ZArchiveAssignment),
  progress: z.array(ZArchiveProgress),
  notes: z.array(ZArchiveThread),
});

export type TArchiveMember = z.infer<typeof ZArchiveMember>;
export type TArchiveText = z.infer<typeof ZArchiveText>;
export type TArchiveThread = z.infer<typeof ZArchiveThread>;
export type TArchiveMessage = z.infer<typeof ZArchiveMessage>;
export type TArchiveSession = z.infer<typeof ZArchiveSession>;
export type TArchiveAssignment = z.infer<typeof ZArchiveAssignment>;
export type TArchiveProgress = z.infer<typeof ZArchiveProgress>;
export type TGroupArchive = z.infer<typeof ZGroupArchive>;

/** The JSON file each part of the archive is stored in. */
export const PART_FILES: Record<keyof TGroupArchive, TArchiveFile> = {
  manifest: "manifest.json",
  group: "group.json",
  members: "members.json",
  texts: "texts.json",
  comments: "comments.json",
  sessions: "sessions.json",
  assignments: "assignments.json",
  progress: "progress.json",
  notes: "notes.json",
};
