import { z } from "zod";

/**
 * Answer bodies of the API, as docs/api.md describes them. JSON has no dates: instants are ISO
 * 8601 strings. Objects allow fields beyond those listed (new fields are not a breaking change);
 * the listed ones are required with their types, and the response test checks real answers.
 */
const instant = z.string().describe("ISO 8601 instant");
const id = z.string().min(1);
const role = z.enum(["OWNER", "MODERATOR", "MEMBER"]);

export const ZGroupSummary = z
  .object({
    id,
    name: z.string(),
    description: z.string().nullable(),
    coverColor: z.string().nullable(),
    coverEmoji: z.string().nullable(),
    timeZone: z.string(),
  })
  .meta({ id: "GroupSummary" });

export const ZGroupListItem = ZGroupSummary.extend({
  role,
  memberCount: z.number().int(),
  textCount: z.number().int(),
  joinedAt: instant,
}).meta({ id: "GroupListItem" });

export const ZGroupDetail = ZGroupSummary.extend({
  role,
  memberCount: z.number().int(),
  textCount: z.number().int(),
}).meta({ id: "Group" });

export const ZMember = z
  .object({
    userId: id,
    name: z.string(),
    role,
    joinedAt: instant,
    email: z.string().optional(),
  })
  .meta({ id: "Member" });

export const ZUser = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    timeZone: z.string().nullable(),
    hideCommentsBeyondProgress: z.boolean(),
    emailReminders: z.boolean(),
    createdAt: instant,
  })
  .meta({ id: "User" });

export const ZTextListItem = z
  .object({
    id,
    title: z.string(),
    author: z.string().nullable(),
    year: z.number().int().nullable(),
    language: z.string().nullable(),
    sourceFormat: z.string(),
    wordCount: z.number().int(),
    chapterCount: z.number().int(),
    createdAt: instant,
    url: z.string(),
  })
  .meta({ id: "TextListItem" });

export const ZChapterListItem = z.object({
  id,
  title: z.string(),
  index: z.number().int(),
  wordCount: z.number().int(),
  paragraphCount: z.number().int(),
  url: z.string(),
});

export const ZText = ZTextListItem.extend({
  groupId: id,
  chapters: z.array(ZChapterListItem),
}).meta({ id: "Text" });

export const ZCreatedText = z
  .object({
    id,
    groupId: id,
    title: z.string(),
    author: z.string().nullable(),
    chapterCount: z.number().int(),
    paragraphCount: z.number().int(),
    wordCount: z.number().int(),
    url: z.string(),
  })
  .meta({ id: "CreatedText" });

const ZChapterLink = z.object({ id, title: z.string(), index: z.number().int(), url: z.string() });

export const ZChapter = z
  .object({
    id,
    title: z.string(),
    index: z.number().int(),
    textId: id,
    groupId: id,
    wordCount: z.number().int(),
    updatedAt: instant,
    url: z.string(),
    text: z.object({ id, title: z.string(), author: z.string().nullable(), url: z.string() }),
    previous: ZChapterLink.nullable(),
    next: ZChapterLink.nullable(),
    chapters: z.array(ZChapterLink),
    paragraphs: z.array(
      z.object({
        id,
        index: z.number().int(),
        text: z.string(),
        kind: z.enum([
          "paragraph",
          "quote",
          "list-item",
          "footnote",
          "verse",
          "heading",
          "caption",
          "dateline",
          "citation",
        ]),
        url: z.string(),
      }),
    ),
  })
  .meta({ id: "Chapter" });

const ZNamed = z.object({ id, name: z.string() });

export const ZSession = z
  .object({
    id,
    groupId: id,
    seriesId: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    startsAt: instant,
    endsAt: instant,
    timeZone: z.string(),
    location: z.string().nullable(),
    videoUrl: z.string().nullable(),
    host: ZNamed.nullable(),
    status: z.enum(["scheduled", "cancelled"]),
    sequence: z.number().int(),
    updatedAt: instant,
    chapters: z.array(
      z.object({
        id,
        title: z.string(),
        index: z.number().int(),
        wordCount: z.number().int(),
        textId: id,
        textTitle: z.string(),
      }),
    ),
    rsvp: z.object({
      counts: z.object({
        going: z.number().int(),
        maybe: z.number().int(),
        not_going: z.number().int(),
      }),
      mine: z.enum(["going", "maybe", "not_going"]).nullable(),
    }),
    roles: z.array(z.object({ role: z.enum(["lead", "summariser", "questions"]), user: ZNamed })),
  })
  .meta({ id: "Session" });

export const ZNotification = z
  .object({
    id,
    kind: z.string(),
    payload: z.record(z.string(), z.unknown()),
    readAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: "Notification" });

const ZDependency = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: z.number().nullable(),
  error: z.string().optional(),
});

export const ZHealth = z
  .object({
    status: z.enum(["ok", "degraded"]),
    app: z.unknown(),
    database: z.unknown(),
    realtime: z.object({
      documents: z.number().int(),
      decodedDocuments: z.number().int(),
      connections: z.number().int(),
      eventBus: z.unknown(),
    }),
    dependencies: z.object({
      postgresql: ZDependency,
      eventChannel: ZDependency.extend({
        via: z.enum(["socket.io-postgres-adapter", "socket.io-redis-adapter"]),
        caughtUp: z.number().int(),
      }),
      redis: ZDependency.optional(),
    }),
  })
  .meta({ id: "Health" });

export const ZInviteRedeemed = z.object({ groupId: id, role, alreadyMember: z.boolean() });
export const ZUrlAnswer = z.object({ url: z.string() });
export const ZOk = z.object({ ok: z.literal(true) });

/** An answer documented in docs/api.md but not (yet) described field by field here. */
export const anyJsonObject = (description: string) =>
  z.record(z.string(), z.unknown()).describe(description);
