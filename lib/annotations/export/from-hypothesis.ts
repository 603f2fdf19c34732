import { z } from "zod";
import type { TAnchor } from "@/lib/annotations/anchoring/anchor";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { reanchorAcrossParagraphs } from "@/lib/annotations/anchoring/reanchor-across-paragraphs";
import type { TReanchorOptions } from "@/lib/annotations/anchoring/reanchor";
import { AppError } from "@/lib/errors/app-error";

export type TImportChapter = {
  id: string;
  paragraphs: ReadonlyArray<{ id: string; text: string }>;
};

export type TImportedMessage = {
  /** The annotation's id in the source, for de-duplicating repeated imports. */
  originalId: string;
  body: string;
  createdAt: string;
  /** Display name, or the account ("alice@hypothes.is") when the source has no name. */
  originalAuthor: string;
};

export type TImportedThread = TImportedMessage & {
  anchor: TAnchor;
  status: "exact" | "moved" | "fuzzy";
  /** Similarity of the passage found to the imported quote, 0..1. */
  score: number;
  replies: TImportedMessage[];
};

export type TUnmatchedReason =
  /** A page note or any annotation without a TextQuoteSelector. */
  | "no-quote"
  /** A bare highlight: nothing to say, so no comment to create. */
  | "no-body"
  /** A passage resembles the quote, but not enough to place it without a person confirming. */
  | "doubtful"
  | "not-found"
  /** A reply whose thread is not in the file. */
  | "reply-without-parent";

export type TUnmatchedAnnotation = TImportedMessage & {
  reason: TUnmatchedReason;
  quote: string | null;
  replies: TImportedMessage[];
  /** For "doubtful": where the quote probably is now, for a member to confirm. */
  candidate?: { anchor: TAnchor; score: number };
};

export type TImportResult = { matched: TImportedThread[]; unmatched: TUnmatchedAnnotation[] };

const ZSelector = z.looseObject({ type: z.string() });
const ZSelectors = z.union([ZSelector, z.array(ZSelector)]);
const ZQuoteSelector = z.object({
  type: z.literal("TextQuoteSelector"),
  exact: z.string().min(1),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});
const ZPositionSelector = z.object({
  type: z.literal("TextPositionSelector"),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

/** A row of the Hypothesis API (`/api/search`, and the client's JSON export). */
const ZHypothesisRow = z.looseObject({
  id: z.string().min(1),
  created: z.string(),
  text: z.string().nullish(),
  user: z.string().nullish(),
  user_info: z.looseObject({ display_name: z.string().nullish() }).nullish(),
  references: z.array(z.string()).nullish(),
  target: z
    .array(z.looseObject({ source: z.string().nullish(), selector: ZSelectors.nullish() }))
    .nullish(),
});

/** A W3C Web Annotation, as we export it and as other tools write it. */
const ZW3CAnnotation = z.looseObject({
  id: z.string().min(1),
  type: z.literal("Annotation"),
  motivation: z.string().nullish(),
  created: z.string().nullish(),
  body: z.unknown().optional(),
  bodyValue: z.string().nullish(),
  creator: z
    .union([
      z.string(),
      z.looseObject({
        id: z.string().nullish(),
        name: z.string().nullish(),
        nickname: z.string().nullish(),
      }),
    ])
    .nullish(),
  target: z.union([
    z.string(),
    z.looseObject({
      id: z.string().nullish(),
      source: z.string().nullish(),
      selector: ZSelectors.nullish(),
    }),
  ]),
});

const ZTextualBodyLike = z.looseObject({ value: z.string(), purpose: z.string().nullish() });

/** One annotation, whatever the source format. */
type TSourceAnnotation = TImportedMessage & {
  parentId: string | null;
  quote: { exact: string; prefix: string; suffix: string } | null;
  position: { start: number; end: number } | null;
  /** The paragraph named by a `#p-<id>` fragment in the target (our own exports). */
  paragraphHint: string | null;
};

/**
 * Imports annotations from a Hypothesis export (`{ rows }` from the API, `{ annotations }` from
 * the client, or a bare array) or from W3C Web Annotation JSON-LD (a collection, a page, an
 * array or one annotation, ours included). Each thread is placed in the chapters by its quote:
 * the paragraph its target names first (our exports), otherwise verbatim anywhere, otherwise
 * approximately (reanchor's thresholds). Replies, however deeply nested in the source, join
 * their thread's flat list in time order. Doubtful and missing placements are returned, not
 * guessed.
 */
export function fromHypothesis(
  json: unknown,
  chapters: readonly TImportChapter[],
  options: TReanchorOptions = {},
): TImportResult {
  const annotations = readAnnotations(json);
  const byId = new Map(annotations.map((annotation) => [annotation.originalId, annotation]));
  const rootOf = (annotation: TSourceAnnotation): TSourceAnnotation | undefined => {
    const seen = new Set<string>();
    let current: TSourceAnnotation | undefined = annotation;
    while (current?.parentId && !seen.has(current.originalId)) {
      seen.add(current.originalId);
      current = byId.get(current.parentId);
    }
    return current && !current.parentId ? current : undefined;
  };

  const repliesByRoot = new Map<string, TImportedMessage[]>();
  const unmatched: TUnmatchedAnnotation[] = [];
  for (const annotation of annotations) {
    if (!annotation.parentId) continue;
    const root = rootOf(annotation);
    if (!root) {
      unmatched.push({
        ...message(annotation),
        reason: "reply-without-parent",
        quote: null,
        replies: [],
      });
      continue;
    }
    repliesByRoot.set(root.originalId, [
      ...(repliesByRoot.get(root.originalId) ?? []),
      message(annotation),
    ]);
  }

  const paragraphs = chapters.flatMap((chapter) =>
    chapter.paragraphs.map((paragraph) => ({
      id: paragraph.id,
      text: paragraph.text,
      chapterId: chapter.id,
    })),
  );
  const paragraphById = new Map(paragraphs.map((paragraph) => [paragraph.id, paragraph]));

  const matched: TImportedThread[] = [];
  for (const root of annotations) {
    if (root.parentId) continue;
    const replies = (repliesByRoot.get(root.originalId) ?? []).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
    const base = { ...message(root), replies };
    if (!root.quote) {
      unmatched.push({ ...base, reason: "no-quote", quote: null });
      continue;
    }
    if (root.body.trim() === "") {
      unmatched.push({ ...base, reason: "no-body", quote: root.quote.exact });
      continue;
    }
    const hint = root.paragraphHint ? paragraphById.get(root.paragraphHint) : undefined;
    // Positions from other tools count in the whole document, not in one of our paragraphs.
    const position =
      hint && root.position ? root.position : { start: 0, end: root.quote.exact.length };
    const sought: TAnchor = {
      chapterId: hint?.chapterId ?? "",
      paragraphId: hint?.id ?? "",
      ...position,
      ...root.quote,
    };
    const found = reanchorAcrossParagraphs(sought, paragraphs, options);
    const paragraph = paragraphById.get(found.paragraphId);
    if (found.status === "orphaned" || !paragraph) {
      unmatched.push({ ...base, reason: "not-found", quote: root.quote.exact });
    } else if (found.status === "doubtful") {
      const anchor = {
        chapterId: paragraph.chapterId,
        paragraphId: paragraph.id,
        ...describeSelection(paragraph.text, found.start, found.end),
      };
      unmatched.push({
        ...base,
        reason: "doubtful",
        quote: root.quote.exact,
        candidate: { anchor, score: found.score },
      });
    } else {
      matched.push({
        ...base,
        anchor: { ...found.anchor, chapterId: paragraph.chapterId },
        status: found.status,
        score: found.score,
      });
    }
  }
  return { matched, unmatched };
}

function message(annotation: TSourceAnnotation): TImportedMessage {
  const { originalId, body, createdAt, originalAuthor } = annotation;
  return { originalId, body, createdAt, originalAuthor };
}

function readAnnotations(json: unknown): Array<TSourceAnnotation> {
  return listEntries(json).map((entry, index) => {
    const w3c = ZW3CAnnotation.safeParse(entry);
    if (w3c.success) return fromW3C(w3c.data);
    const row = ZHypothesisRow.safeParse(entry);
    if (row.success) return fromHypothesisRow(row.data);
    throw new AppError(
      "unprocessable",
      `Entry ${index} is neither a Hypothesis annotation nor a Web Annotation.`,
    );
  });
}

function listEntries(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json && typeof json === "object") {
    const object = json as Record<string, unknown>;
    if (Array.isArray(object.rows)) return object.rows;
    if (Array.isArray(object.annotations)) return object.annotations;
    if (Array.isArray(object.items)) return object.items;
    const first = object.first;
    if (
      first &&
      typeof first === "object" &&
      Array.isArray((first as Record<string, unknown>).items)
    ) {
      return (first as { items: unknown[] }).items;
    }
    if (object.type === "Annotation") return [json];
  }
  throw new AppError("unprocessable", "Not a Hypothesis export or Web Annotation JSON-LD.");
}

function fromHypothesisRow(row: z.infer<typeof ZHypothesisRow>): TSourceAnnotation {
  const target = row.target?.[0];
  const selectors = readSelectors(target?.selector);
  return {
    originalId: row.id,
    body: row.text ?? "",
    createdAt: row.created,
    originalAuthor: row.user_info?.display_name || row.user?.replace(/^acct:/, "") || "unknown",
    parentId: row.references?.[0] ?? null,
    ...selectors,
    paragraphHint: paragraphHint(target?.source),
  };
}

function fromW3C(annotation: z.infer<typeof ZW3CAnnotation>): TSourceAnnotation {
  const { target, creator } = annotation;
  const targetObject = typeof target === "string" ? null : target;
  const replying = annotation.motivation === "replying" || typeof target === "string";
  const parentId = replying
    ? typeof target === "string"
      ? target
      : (target.id ?? target.source ?? null)
    : null;
  return {
    originalId: annotation.id,
    body: annotation.bodyValue ?? textOfBody(annotation.body),
    createdAt: annotation.created ?? "",
    originalAuthor:
      (typeof creator === "string"
        ? creator
        : (creator?.name ?? creator?.nickname ?? creator?.id)) || "unknown",
    parentId,
    ...readSelectors(replying ? null : targetObject?.selector),
    paragraphHint: replying ? null : paragraphHint(targetObject?.source),
  };
}

/** The comment text of a W3C body: every TextualBody that is not a tag. */
function textOfBody(body: unknown): string {
  const bodies = Array.isArray(body) ? body : body === undefined || body === null ? [] : [body];
  return bodies
    .map((entry) => ZTextualBodyLike.safeParse(entry))
    .filter((parsed) => parsed.success && parsed.data.purpose !== "tagging")
    .map((parsed) => parsed.data?.value ?? "")
    .join("\n\n");
}

function readSelectors(
  selector: z.infer<typeof ZSelectors> | null | undefined,
): Pick<TSourceAnnotation, "quote" | "position"> {
  const list = Array.isArray(selector) ? selector : selector ? [selector] : [];
  const quote = list
    .map((entry) => ZQuoteSelector.safeParse(entry))
    .find((parsed) => parsed.success)?.data;
  const position = list
    .map((entry) => ZPositionSelector.safeParse(entry))
    .find((parsed) => parsed.success)?.data;
  return {
    quote: quote
      ? { exact: quote.exact, prefix: quote.prefix ?? "", suffix: quote.suffix ?? "" }
      : null,
    position:
      position && position.end > position.start
        ? { start: position.start, end: position.end }
        : null,
  };
}

function paragraphHint(source: string | null | undefined): string | null {
  const match = source ? /#p-([^#\s]+)$/.exec(source) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
