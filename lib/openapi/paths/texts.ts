import { z } from "zod";
import { ZListCommentsFilter } from "@/lib/annotations/list-comments";
import { ZSearchCommentsInput } from "@/lib/annotations/search-comments";
import { ZFlagCommentInput } from "@/lib/annotations/flags/flag-comment";
import { ZModerateCommentInput } from "@/lib/annotations/flags/moderate-comment";
import type { TApiRegistry } from "@/lib/openapi/registry";
import {
  anyJsonObject,
  ZChapter,
  ZCreatedText,
  ZText,
  ZTextListItem,
} from "@/lib/openapi/responses";
import { ZRecordProgressInput } from "@/lib/reading/record-progress";
import {
  ZMergeChapterInput,
  ZPasteImportInput,
  ZRenameChapterInput,
  ZSearchQuery,
  ZSplitChapterInput,
  ZUpdateTextDetailsInput,
  ZUrlImportInput,
} from "@/lib/texts/text-schemas";

const importBody = {
  content: {
    "application/json": { schema: z.union([ZPasteImportInput, ZUrlImportInput]) },
    "multipart/form-data": {
      schema: z.object({
        file: z.string().meta({ format: "binary" }).describe(".txt, .md, .html, .epub or .pdf"),
      }),
    },
  },
};
const importErrors = [
  "payload_too_large",
  "unsupported_media_type",
  "unprocessable",
  "rate_limited",
] as const;
const ndjson = {
  "application/x-ndjson": {
    schema: z
      .string()
      .describe("With `Accept: application/x-ndjson`: progress lines, then done or error"),
  },
};
const annotationsJsonLd = {
  "application/ld+json": { schema: anyJsonObject("W3C Web Annotation JSON-LD") },
};

export function registerTextPaths({ operation }: TApiRegistry) {
  const tags = ["Texts"];
  operation({
    method: "get",
    path: "/api/groups/{groupId}/texts",
    summary: "The group's library, newest first",
    who: "member",
    tags,
    responses: {
      200: { description: "Texts", schema: z.object({ texts: z.array(ZTextListItem) }) },
    },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/texts",
    summary: "Import a text: a file, pasted text or a web address (owner, moderator)",
    who: "member",
    tags,
    body: importBody,
    responses: {
      201: { description: "The text", schema: z.object({ text: ZCreatedText }) },
      200: { description: "Progress stream", content: ndjson },
    },
    errors: [...importErrors],
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/texts/preview",
    summary: "The outline an import would make; nothing is stored",
    who: "member",
    tags,
    body: importBody,
    responses: {
      200: {
        description: "The preview (or, with `Accept: application/x-ndjson`, progress lines)",
        content: {
          "application/json": {
            schema: z.object({
              outline: anyJsonObject("docs/outline.md"),
              sourceFormat: z.string(),
              language: z.string().nullable(),
              wordCount: z.number().int(),
              notes: anyJsonObject("Removed passages and doubtful headings"),
            }),
          },
          ...ndjson,
        },
      },
    },
    errors: [...importErrors],
  });
  operation({
    method: "get",
    path: "/api/texts/{textId}",
    summary: "A text with its chapters",
    who: "member",
    tags,
    responses: { 200: { description: "The text", schema: z.object({ text: ZText }) } },
  });
  operation({
    method: "patch",
    path: "/api/texts/{textId}",
    summary: "Rename a text, set its author or language (owner, moderator)",
    who: "member",
    tags,
    body: ZUpdateTextDetailsInput,
    responses: {
      200: {
        description: "The text",
        schema: z.object({
          text: z.object({
            id: z.string(),
            title: z.string(),
            author: z.string().nullable(),
            language: z.string().nullable(),
          }),
        }),
      },
    },
  });
  operation({
    method: "delete",
    path: "/api/texts/{textId}",
    summary: "Delete a text and all that hangs off it (owner, moderator)",
    who: "member",
    tags,
    responses: { 204: { description: "Deleted", schema: null } },
  });
  operation({
    method: "get",
    path: "/api/chapters/{chapterId}",
    summary: "A chapter with its paragraphs",
    who: "member",
    tags,
    responses: { 200: { description: "The chapter", schema: z.object({ chapter: ZChapter }) } },
  });
  operation({
    method: "get",
    path: "/api/chapters/{chapterId}/html",
    summary: "The chapter's paragraphs as an HTML fragment (the reader's client-side navigation)",
    who: "member",
    tags,
    description:
      "The reader's markup of every paragraph (`#p-{paragraphId}`, `data-paragraph-id`). ETag is the chapter's version (renames, splits and merges change it); If-None-Match answers 304. `Cache-Control: private, no-cache`: a browser keeps it, asks again each time (membership is checked on every request).",
    responses: {
      200: {
        description: "The fragment",
        content: { "text/html": { schema: z.string().describe("HTML fragment") } },
      },
      304: { description: "Not modified", schema: null },
    },
  });
  operation({
    method: "get",
    path: "/api/chapters/{chapterId}/next-session",
    summary: "The group's next session reading this chapter, or null (the reader follows it live)",
    who: "member",
    tags,
    responses: {
      200: {
        description: "The next session",
        schema: z.object({
          session: z.object({ id: z.string(), title: z.string(), startsAt: z.string() }).nullable(),
        }),
      },
    },
  });
  operation({
    method: "patch",
    path: "/api/chapters/{chapterId}",
    summary: "Rename a chapter (owner, moderator)",
    who: "member",
    tags,
    body: ZRenameChapterInput,
    responses: {
      200: {
        description: "The chapter",
        schema: z.object({ chapter: anyJsonObject("id, textId, index, title, wordCount") }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/chapters/{chapterId}/split",
    summary: "Split a chapter before a paragraph (owner, moderator)",
    who: "member",
    tags,
    body: ZSplitChapterInput,
    responses: {
      200: {
        description: "Both chapters",
        schema: z.object({
          chapter: anyJsonObject("This chapter"),
          newChapter: anyJsonObject("The new chapter"),
          movedParagraphIds: z.array(z.string()),
        }),
      },
    },
    errors: ["unprocessable"],
  });
  operation({
    method: "post",
    path: "/api/chapters/{chapterId}/merge",
    summary: "Merge a chapter with its neighbour (owner, moderator)",
    who: "member",
    tags,
    body: ZMergeChapterInput,
    bodyRequired: false,
    responses: {
      200: {
        description: "The merged chapter",
        schema: z.object({
          chapter: anyJsonObject("The chapter kept"),
          removedChapterId: z.string(),
          movedParagraphIds: z.array(z.string()),
        }),
      },
    },
    errors: ["unprocessable"],
  });
  const progress = {
    200: {
      description: "The furthest point read",
      schema: z.object({
        progress: anyJsonObject("fraction, paragraphId, completedAt, updatedAt").nullable(),
      }),
    },
  };
  operation({
    method: "get",
    path: "/api/chapters/{chapterId}/progress",
    summary: "Your reading progress in a chapter",
    who: "member",
    tags: ["Sessions and readings"],
    responses: progress,
  });
  for (const method of ["post", "put"] as const)
    operation({
      method,
      path: "/api/chapters/{chapterId}/progress",
      summary: "Record reading progress (POST is what navigator.sendBeacon sends)",
      who: "member",
      tags: ["Sessions and readings"],
      body: ZRecordProgressInput,
      responses: progress,
    });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/search",
    summary: "Full-text search of the library",
    who: "member",
    tags,
    query: ZSearchQuery,
    responses: {
      200: {
        description: "Hits, best first",
        schema: z.object({ query: z.string(), hits: z.array(anyJsonObject("A paragraph hit")) }),
      },
    },
  });

  const comments = ["Comments"];
  operation({
    method: "get",
    path: "/api/texts/{textId}/comments",
    summary: "A text's comment threads, in reading order",
    who: "member",
    tags: comments,
    query: ZListCommentsFilter,
    responses: {
      200: {
        description: "Threads",
        schema: z.object({
          threads: z.array(anyJsonObject("A thread with its messages")),
          truncated: z.boolean(),
        }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/search/comments",
    summary: "Search the margins",
    who: "member",
    tags: comments,
    query: ZSearchCommentsInput,
    responses: {
      200: {
        description: "Matches, best first",
        schema: z.object({ results: z.array(anyJsonObject("A message hit")) }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/texts/{textId}/annotations",
    summary: "Export the comments (W3C Web Annotation JSON-LD or Markdown); the collection id",
    who: "member",
    tags: comments,
    description:
      "`?page=0` is the collection's page as JSON-LD; a browser (Accept text/html, no `format`) is sent to the reader (303).",
    query: z.object({
      format: z.enum(["jsonld", "markdown"]).optional(),
      page: z.literal("0").optional(),
    }),
    responses: {
      200: {
        description: "A download: an AnnotationCollection, its page, or a Markdown digest",
        content: { ...annotationsJsonLd, "text/markdown": { schema: z.string() } },
      },
      303: { description: "A browser is sent to the reader", schema: null },
    },
  });
  for (const [path, summary] of [
    [
      "/api/texts/{textId}/annotations/{threadId}",
      "One exported annotation (a thread's opening message)",
    ],
    [
      "/api/texts/{textId}/annotations/{threadId}/replies/{messageId}",
      "One exported reply annotation",
    ],
  ] as const)
    operation({
      method: "get",
      path,
      summary,
      who: "member",
      tags: comments,
      description:
        "JSON-LD for `application/ld+json`, `application/json` or no Accept; a browser gets a 303 to the reader.",
      responses: {
        200: { description: "The annotation", content: annotationsJsonLd },
        303: { description: "A browser is sent to the passage", schema: null },
      },
    });
  operation({
    method: "post",
    path: "/api/texts/{textId}/annotations/import",
    summary: "Import Hypothesis or W3C Web Annotation comments (owner, moderator)",
    who: "member",
    tags: comments,
    body: {
      content: {
        "application/json": {
          schema: anyJsonObject("A Hypothesis export or Web Annotation JSON-LD"),
        },
        "application/ld+json": { schema: anyJsonObject("Web Annotation JSON-LD") },
        "multipart/form-data": {
          schema: z.object({ file: z.string().meta({ format: "binary" }) }),
        },
      },
    },
    responses: {
      200: {
        description: "What was imported, and what was not with a reason each",
        schema: z.object({
          imported: z.number().int(),
          importedReplies: z.number().int(),
          alreadyImported: z.number().int(),
          unmatched: z.array(
            z.object({
              originalId: z.string().nullable(),
              reason: z.string(),
              quote: z.string().nullable().optional(),
            }),
          ),
        }),
      },
    },
    errors: [
      "payload_too_large",
      "unsupported_media_type",
      "unprocessable",
      "rate_limited",
      "bad_request",
    ],
  });
  operation({
    method: "post",
    path: "/api/comments/{messageId}/flag",
    summary: "Flag a comment for the moderators",
    who: "member",
    tags: comments,
    body: ZFlagCommentInput,
    bodyRequired: false,
    responses: {
      201: {
        description: "The flag",
        schema: z.object({ flag: anyJsonObject("id, commentId, reason, createdAt") }),
      },
    },
    errors: ["conflict"],
  });
  operation({
    method: "post",
    path: "/api/comments/{messageId}/moderation",
    summary: "Hide, unhide, remove a comment or dismiss its flags (owner, moderator)",
    who: "member",
    tags: comments,
    body: ZModerateCommentInput,
    responses: {
      200: {
        description: "The outcome",
        schema: anyJsonObject("commentId, action, hidden, deleted, resolvedFlags"),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/flags",
    summary: "Flagged and hidden comments (owner, moderator)",
    who: "member",
    tags: comments,
    responses: {
      200: {
        description: "Moderation queue",
        schema: z.object({
          flagged: z.array(anyJsonObject("An item")),
          hidden: z.array(anyJsonObject("An item")),
        }),
      },
    },
  });
}
