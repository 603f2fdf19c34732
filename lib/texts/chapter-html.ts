import type { TFootnoteLink, TReaderParagraph } from "@/lib/texts/get-chapter";

/**
 * A chapter's paragraphs as one HTML string, the same markup the reader's `ReaderParagraph`
 * renders (a unit test holds the two equal). Built once per chapter version and cached, so a
 * page render copies a string instead of rendering thousands of elements, and the text travels
 * once (as HTML) instead of twice (HTML and the React flight payload).
 *
 * Client-safe: no database, no Node built-ins.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
};

/** React's escaping of text and attribute values (react-dom's escapeTextForBrowser). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const NOTE_MARK = /\[\s?\^?([\w-]{1,12})\]/g;

function refForLabel(refs: TFootnoteLink[], label: string): TFootnoteLink | undefined {
  return refs.find(
    (ref) => ref.footnoteId === label || new RegExp(`^${label}-\\d+$`).test(ref.footnoteId),
  );
}

/** The paragraph text with its footnote marks as links (see ReaderParagraph's withFootnoteLinks). */
function contentHtml(paragraph: TReaderParagraph): string {
  const refs = paragraph.footnoteRefs;
  if (refs.length === 0) return escapeHtml(paragraph.text);
  let html = "";
  const linked = new Set<string>();
  let last = 0;
  for (const match of paragraph.text.matchAll(NOTE_MARK)) {
    const ref = refForLabel(refs, match[1] ?? "");
    if (!ref) continue;
    html += escapeHtml(paragraph.text.slice(last, match.index));
    html +=
      `<a id="${escapeHtml(`ref-${paragraph.id}-${ref.footnoteId}`)}" href="${escapeHtml(ref.url)}"` +
      ` class="footnote-mark" aria-label="${escapeHtml(`Note ${match[1]}`)}">${escapeHtml(match[0])}</a>`;
    linked.add(ref.footnoteId);
    last = match.index + match[0].length;
  }
  html += escapeHtml(paragraph.text.slice(last));
  for (const ref of refs) {
    if (linked.has(ref.footnoteId)) continue;
    const label = ref.footnoteId.replace(/^\D+/, "") || ref.footnoteId;
    html +=
      `<sup data-anchor-ignore="true"><a href="${escapeHtml(ref.url)}" class="footnote-mark"` +
      ` aria-label="${escapeHtml(`Note ${ref.footnoteId}`)}">[${escapeHtml(label)}]</a></sup>`;
  }
  return html;
}

function backLinksHtml(paragraph: TReaderParagraph): string {
  if (paragraph.citedBy.length === 0) return "";
  const links = paragraph.citedBy.map((citing, position) => {
    const label = `Back to the text${paragraph.citedBy.length > 1 ? ` (${position + 1})` : ""}`;
    return `<a href="${escapeHtml(citing.url)}" class="footnote-back" aria-label="${escapeHtml(label)}">↩</a>`;
  });
  return `<span data-anchor-ignore="true" class="ml-1 whitespace-nowrap">${links.join("")}</span>`;
}

const TAGS: Record<string, string> = { heading: "h3", quote: "blockquote" };

/** One block of a chapter, styled by kind, addressable as #p-<id>. */
export function paragraphHtml(paragraph: TReaderParagraph): string {
  const tag = TAGS[paragraph.kind] ?? "p";
  const numbered =
    paragraph.kind === "list-item" && /^(\d+|[a-zA-Z]|[ivxlc]+)[.)]\s/.test(paragraph.text);
  const id = escapeHtml(paragraph.id);
  const kind = escapeHtml(paragraph.kind);
  const attributes =
    `id="p-${id}" data-paragraph-id="${id}" data-kind="${kind}"` +
    ` class="reader-block reader-${kind}"` +
    (numbered ? ` data-numbered=""` : "") +
    (paragraph.kind === "footnote" ? ` role="note"` : "");
  const inner =
    contentHtml(paragraph) + (paragraph.kind === "footnote" ? backLinksHtml(paragraph) : "");
  return `<${tag} ${attributes}>${inner}</${tag}>`;
}

export function chapterHtml(paragraphs: TReaderParagraph[]): string {
  return paragraphs.map(paragraphHtml).join("");
}

type TChapterHtmlCache = { get(key: string): { stamp: string; html: string } | undefined };

/**
 * The HTML that getChapterAt cached for this chapter version in this process, for the server
 * render of the reader's client component (Next renders the page's server and client parts in
 * the same process, after the page has read the chapter). Undefined in a browser.
 */
export function cachedChapterHtml(chapterId: string, version: string): string | undefined {
  const cache = (globalThis as { marginaliaChapterCache?: TChapterHtmlCache })
    .marginaliaChapterCache;
  const hit = cache?.get(chapterId);
  return hit?.stamp === version ? hit.html : undefined;
}
