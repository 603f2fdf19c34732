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
  /** Tags (Hypothesis `tags`, W3C `tagging` bodies). */
  tags: string[];
  /** The source marks the thread resolved (our export's "resolved" tag). */
  resolved: boolean;
  /** The opening message was deleted in the source (empty body) but replies remain. */
  openingDeleted: boolean;
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
  | "reply-without-parent"
  /** An entry of the file that is not an annotation (no id, no annotation type). */
  | "not-an-annotation";

export type TUnmatchedAnnotation = TImportedMessage & {
  reason: TUnmatchedReason;
  quote: string | null;
  replies: TImportedMessage[];
  /** For "doubtful": where the quote probably is now, for a member to confirm. */
  candidate?: { anchor: TAnchor; score: number };
  /** Why, in words, when the reason alone does not say it. */
  message?: string;
};

export type TImportResult = { matched: TImportedThread[]; unmatched: TUnmatchedAnnotation[] };

/** One annotation, whatever the source format. */
type TSourceAnnotation = TImportedMessage & {
  /** The annotation this one answers (Hypothesis `references`, W3C `motivation: "replying"`). */
  parentId: string | null;
  /** IRIs the targets name without a selector: a plain-IRI target may be another annotation. */
  targetIris: string[];
  quote: { exact: string; prefix: string; suffix: string } | null;
  /** TextPositionSelector offsets, in Unicode code points as the model says. */
  position: { start: number; end: number } | null;
  /** The paragraph named by a `p-<id>` FragmentSelector (or `#p-<id>` source) in the target. */
  paragraphHint: string | null;
  tags: string[];
  /** Our export's "resolved" tagging body. */
  resolved: boolean;
};

/** An entry of the file that is not read as an annotation, with why. */
type TSkippedEntry = { originalId: string; reason: "not-an-annotation"; message: string };

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
  const { annotations, skipped } = readAnnotations(json);
  const byId = new Map(annotations.map((annotation) => [annotation.originalId, annotation]));
  // A target that is a plain IRI naming another annotation of the file answers it.
  for (const annotation of annotations) {
    if (annotation.parentId || annotation.quote) continue;
    const parent = annotation.targetIris.find(
      (iri) => iri !== annotation.originalId && byId.has(iri),
    );
    if (parent) annotation.parentId = parent;
  }
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
  const unmatched: TUnmatchedAnnotation[] = skipped.map((entry) => ({
    originalId: entry.originalId,
    originalAuthor: "unknown",
    body: "",
    createdAt: "",
    reason: entry.reason,
    message: entry.message,
    quote: null,
    replies: [],
  }));
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
    const openingDeleted = root.body.trim() === "";
    if (openingDeleted && replies.length === 0) {
      unmatched.push({ ...base, reason: "no-body", quote: root.quote.exact });
      continue;
    }
    const hint = root.paragraphHint ? paragraphById.get(root.paragraphHint) : undefined;
    // Positions from other tools count in the whole document, not in one of our paragraphs;
    // ours count code points in the paragraph, our anchors UTF-16 units.
    const position =
      hint && root.position
        ? {
            start: utf16Offset(hint.text, root.position.start),
            end: utf16Offset(hint.text, root.position.end),
          }
        : { start: 0, end: root.quote.exact.length };
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
        tags: root.tags,
        resolved: root.resolved,
        openingDeleted,
      });
    }
  }
  return { matched, unmatched };
}

function message(annotation: TSourceAnnotation): TImportedMessage {
  const { originalId, body, createdAt, originalAuthor } = annotation;
  return { originalId, body, createdAt, originalAuthor };
}

type TRecord = Record<string, unknown>;

function isRecord(value: unknown): value is TRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** `type: "X"` or `type: ["X", …]` (both are valid JSON-LD). */
function hasType(value: TRecord, type: string): boolean {
  return asList(value.type).includes(type);
}

function readAnnotations(json: unknown): {
  annotations: TSourceAnnotation[];
  skipped: TSkippedEntry[];
} {
  const annotations: TSourceAnnotation[] = [];
  const skipped: TSkippedEntry[] = [];
  listEntries(json).forEach((entry, index) => {
    const id = isRecord(entry) ? stringOf(entry.id) : null;
    const originalId = id ?? `entry ${index}`;
    if (!isRecord(entry) || !id) {
      skipped.push({
        originalId,
        reason: "not-an-annotation",
        message: `Entry ${index} has no id: it is neither a Hypothesis annotation nor a Web Annotation.`,
      });
    } else if (hasType(entry, "Annotation")) {
      annotations.push(fromW3C(entry, id));
    } else if (entry.type === undefined && ("target" in entry || "text" in entry)) {
      annotations.push(fromHypothesisRow(entry, id));
    } else {
      skipped.push({
        originalId,
        reason: "not-an-annotation",
        message: `Entry ${index} is neither a Hypothesis annotation nor a Web Annotation.`,
      });
    }
  });
  return { annotations, skipped };
}

function listEntries(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (isRecord(json)) {
    if (Array.isArray(json.rows)) return json.rows;
    if (Array.isArray(json.annotations)) return json.annotations;
    if (Array.isArray(json.items)) return json.items;
    if (isRecord(json.first) && Array.isArray(json.first.items)) return json.first.items;
    if (hasType(json, "Annotation")) return [json];
  }
  throw new AppError("unprocessable", "Not a Hypothesis export or Web Annotation JSON-LD.");
}

function authorOf(creator: unknown): string | null {
  const first = asList(creator)[0];
  if (typeof first === "string") return first || null;
  if (!isRecord(first)) return null;
  return stringOf(first.name) ?? stringOf(first.nickname) ?? stringOf(first.id);
}

function fromHypothesisRow(row: TRecord, id: string): TSourceAnnotation {
  const targets = asList(row.target).filter(isRecord);
  const target = targets.find((entry) => entry.selector !== undefined) ?? targets[0];
  const selection = readSelectors(target?.selector);
  const userInfo = isRecord(row.user_info) ? row.user_info : {};
  const references = asList(row.references).filter((ref): ref is string => typeof ref === "string");
  return {
    originalId: id,
    body: typeof row.text === "string" ? row.text : "",
    createdAt: stringOf(row.created) ?? "",
    originalAuthor:
      stringOf(userInfo.display_name) ?? stringOf(row.user)?.replace(/^acct:/, "") ?? "unknown",
    // The last reference is the direct parent; the first, the thread's root.
    parentId: references.at(-1) ?? null,
    targetIris: [],
    ...selection,
    paragraphHint: selection.paragraphHint ?? paragraphHint(stringOf(target?.source)),
    tags: asList(row.tags).filter((tag): tag is string => typeof tag === "string" && tag !== ""),
    resolved: false,
  };
}

/** The IRI a target names: a plain IRI, or a SpecificResource's `source` (or its `id`). */
function targetIri(target: unknown): string | null {
  if (typeof target === "string") return target;
  if (!isRecord(target)) return null;
  const source = isRecord(target.source) ? stringOf(target.source.id) : stringOf(target.source);
  return source ?? stringOf(target.id);
}

function fromW3C(annotation: TRecord, id: string): TSourceAnnotation {
  const targets = asList(annotation.target);
  const replying = asList(annotation.motivation).includes("replying");
  // The first target that selects a passage: a text annotation may also target other resources.
  const selecting = targets.find(
    (target) => isRecord(target) && readSelectors(target.selector).quote !== null,
  );
  const target = isRecord(selecting) ? selecting : targets.find(isRecord);
  const selection = replying ? emptySelection() : readSelectors(target?.selector);
  const bodies = readBodies(annotation.body);
  const bodyValue = stringOf(annotation.bodyValue);
  return {
    originalId: id,
    body: bodyValue ?? bodies.text,
    createdAt: stringOf(annotation.created) ?? "",
    originalAuthor: authorOf(annotation.creator) ?? "unknown",
    parentId: replying ? targetIri(targets[0]) : null,
    targetIris: targets
      .filter((entry) => typeof entry === "string" || (isRecord(entry) && !entry.selector))
      .map(targetIri)
      .filter((iri): iri is string => iri !== null),
    ...selection,
    paragraphHint:
      replying || !target
        ? null
        : (selection.paragraphHint ?? paragraphHint(targetIri(target) ?? undefined)),
    tags: bodies.tags.filter((tag) => tag !== RESOLVED_TAG),
    resolved: bodies.tags.includes(RESOLVED_TAG),
  };
}

/** The tagging body our export writes on a resolved thread. */
export const RESOLVED_TAG = "resolved";

/**
 * The comment text and tags of a W3C body: TextualBodies (or any body with a `value`) that are
 * not tags make the text; `purpose: "tagging"` ones the tags. A Choice offers alternatives: the
 * first textual one is taken. Bodies given as IRIs (external resources) carry no text here.
 */
function readBodies(body: unknown): { text: string; tags: string[] } {
  const texts: string[] = [];
  const tags: string[] = [];
  const visit = (entry: unknown) => {
    if (!isRecord(entry)) return;
    if (hasType(entry, "Choice")) {
      const textual = asList(entry.items).find(
        (item) => isRecord(item) && typeof item.value === "string",
      );
      visit(textual);
      return;
    }
    if (hasType(entry, "List") || hasType(entry, "Composite") || hasType(entry, "Independents")) {
      asList(entry.items).forEach(visit);
      return;
    }
    const value = stringOf(entry.value);
    if (value === null) return;
    if (asList(entry.purpose).includes("tagging")) tags.push(value);
    else texts.push(value);
  };
  asList(body).forEach((entry) => {
    // A body given as an IRI is an external resource (a comment published elsewhere): a link.
    if (typeof entry === "string" && /^[a-z][a-z0-9+.-]*:\S+$/i.test(entry))
      texts.push(`[${entry}](${entry})`);
    else visit(entry);
  });
  return { text: texts.join("\n\n"), tags };
}

type TSelection = Pick<TSourceAnnotation, "quote" | "position" | "paragraphHint">;

function emptySelection(): TSelection {
  return { quote: null, position: null, paragraphHint: null };
}

/**
 * Reads a target's selectors: one, several (alternatives), or IRIs (which name a selector we
 * cannot fetch, so select nothing here), each possibly refined (`refinedBy`, e.g. the spec's
 * FragmentSelector refined by a TextQuoteSelector). A FragmentSelector `p-<id>` names one of
 * our paragraphs.
 */
function readSelectors(selector: unknown): TSelection {
  const selection = emptySelection();
  const visit = (entry: unknown, depth: number) => {
    if (!isRecord(entry) || depth > 8) return;
    if (hasType(entry, "TextQuoteSelector") && !selection.quote) {
      const exact = stringOf(entry.exact);
      if (exact) {
        selection.quote = {
          exact,
          prefix: typeof entry.prefix === "string" ? entry.prefix : "",
          suffix: typeof entry.suffix === "string" ? entry.suffix : "",
        };
      }
    } else if (hasType(entry, "TextPositionSelector") && !selection.position) {
      const { start, end } = entry;
      if (Number.isInteger(start) && Number.isInteger(end) && Number(start) >= 0) {
        if (Number(end) > Number(start))
          selection.position = { start: Number(start), end: Number(end) };
      }
    } else if (hasType(entry, "FragmentSelector") && !selection.paragraphHint) {
      selection.paragraphHint = paragraphHint(`#${stringOf(entry.value) ?? ""}`);
    }
    visit(entry.refinedBy, depth + 1);
  };
  asList(selector).forEach((entry) => visit(entry, 0));
  return selection;
}

function paragraphHint(source: string | null | undefined): string | null {
  const match = source ? /#p-([^#\s]+)$/.exec(source) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** UTF-16 offset of a code-point offset in `text` (clamped to its end). */
export function utf16Offset(text: string, codePoints: number): number {
  let offset = 0;
  let counted = 0;
  while (counted < codePoints && offset < text.length) {
    const code = text.codePointAt(offset) ?? 0;
    offset += code > 0xffff ? 2 : 1;
    counted++;
  }
  return offset;
}

/** Code-point offset of a UTF-16 offset in `text`. */
export function codePointOffset(text: string, utf16: number): number {
  let counted = 0;
  for (let offset = 0; offset < utf16 && offset < text.length; counted++) {
    offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  }
  return counted;
}
