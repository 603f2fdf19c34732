import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { htmlToFlow } from "./html";
import { splitDistributorItems } from "./plain-text/distributor";
import { outlineFromFlow } from "./outline-from-flow";
import { collapseSpace, guessLanguage } from "./text-utils";
import type { DoubtfulHeading, Outline, RemovedPart, RemovedPartReason } from "./types";

/** linkedom's document: typed loosely by linkedom, so we name only what we use. */
type PageDocument = ReturnType<typeof parseHTML>["document"];
type PageElement = NonNullable<ReturnType<PageDocument["querySelector"]>>;

const EXCERPT_CHARS = 200;

/**
 * Page chrome that is never part of the text, removed before Readability sees the page so
 * the preview can say what went. Selectors are common web conventions (HTML5 landmarks, ARIA
 * roles, MediaWiki's and WordPress's usual class names), not the markup of one page.
 */
const CHROME: { selector: string; reason: RemovedPartReason }[] = [
  {
    selector: "nav, [role=navigation], .navbox, .vertical-navbox, .mw-jump-link",
    reason: "navigation",
  },
  {
    selector: "#toc, .toc, #toctitle, .table-of-contents, [role=doc-toc], .mw-table-of-contents",
    reason: "contents",
  },
  {
    selector:
      "footer, [role=contentinfo], #footer, .footer, .catlinks, #catlinks, .printfooter, .site-footer",
    reason: "page-furniture",
  },
  {
    selector:
      "header[role=banner], [role=banner], #mw-head, #mw-panel, #mw-navigation, .mw-indicators, .noprint, [role=search], .sidebar, aside[role=complementary]",
    reason: "navigation",
  },
  {
    selector: "table.infobox, .hatnote, .ambox, .metadata, .mw-empty-elt, .reference-text-hidden",
    reason: "page-furniture",
  },
  { selector: ".mw-editsection, .editsection, .edit-link, .post-edit-link", reason: "other" },
];

/** "[edit]" and its translations when a page left them in a heading as plain links. */
const EDIT_LINK =
  /^\[?\s*(?:edit|edit source|modifier|modifier le code|bearbeiten|quelltext bearbeiten|editar|editar código|править|modifica)\s*\]?$/i;

/** Class names that say "this paragraph is a heading" on pages without heading tags. */
const HEADING_CLASS =
  /(?:^|[\s_-])(?:heading|headline|title|subtitle|subhead|section-title|chapter|caption-head)(?:$|[\s_-])/i;
const MAX_STYLED_HEADING_CHARS = 120;

function textLength(element: PageElement): number {
  return collapseSpace(element.textContent ?? "").length;
}

function excerptOf(text: string): string {
  const clean = collapseSpace(text);
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS - 1)}…` : clean;
}

function metaContent(document: PageDocument, names: string[]): string[] {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const values: string[] = [];
  for (const meta of document.querySelectorAll("meta")) {
    const key = (meta.getAttribute("name") ?? meta.getAttribute("property") ?? "").toLowerCase();
    const content = collapseSpace(meta.getAttribute("content") ?? "");
    if (wanted.has(key) && content && !values.includes(content)) values.push(content);
  }
  return values;
}

const normalizeForCompare = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * The page's title: a bibliographic meta title (citation_title, dc.title) first; then the
 * one `<h1>` when `<title>` or og:title contain it (that drops the site name of "Rosetta
 * Stone - Wikipedia"); then the title with a trailing site name cut at " - ", " | ", " — ".
 */
export function pageTitle(document: PageDocument): string | null {
  const bibliographic = metaContent(document, ["citation_title", "dc.title", "dcterms.title"])[0];
  if (bibliographic) return bibliographic;
  const titleTag = collapseSpace(document.querySelector("title")?.textContent ?? "");
  const ogTitle = metaContent(document, ["og:title", "twitter:title"])[0] ?? "";
  const h1s = [...document.querySelectorAll("h1")]
    .map((h1) => collapseSpace(stripEditLinks(h1)))
    .filter(Boolean);
  const candidates = [titleTag, ogTitle].filter(Boolean);
  for (const h1 of h1s) {
    const key = normalizeForCompare(h1);
    if (key && candidates.some((candidate) => normalizeForCompare(candidate).includes(key)))
      return h1;
  }
  const whole = ogTitle || titleTag;
  if (!whole) return h1s.length === 1 ? (h1s[0] ?? null) : null;
  const parts = whole.split(/\s+[-|–—·:»]\s+/);
  if (parts.length > 1) {
    // The site name is the shorter end; keep the longest part.
    return parts.reduce((longest, part) => (part.length > longest.length ? part : longest), "");
  }
  return whole;
}

function stripEditLinks(element: PageElement): string {
  let text = "";
  const walk = (node: PageElement) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) text += child.textContent ?? "";
      else if (child.nodeType === 1) {
        const el = child as PageElement;
        if (el.matches?.(".mw-editsection, .editsection")) continue;
        if (EDIT_LINK.test(collapseSpace(el.textContent ?? ""))) continue;
        walk(el);
      }
    }
  };
  walk(element);
  return text;
}

function cleanByline(byline: string | null | undefined): string | null {
  if (!byline) return null;
  const clean = collapseSpace(byline)
    .replace(/^(?:by|par|von|por|автор:?)\s+/i, "")
    .replace(/\s*[|,]\s*(?:updated|published|posted)\b.*$/i, "")
    .trim();
  if (!clean || clean.length > 80 || /^https?:/i.test(clean) || /\d{4}/.test(clean)) return null;
  return clean;
}

function joinNames(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return names[0] ?? null;
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Author from bibliographic meta tags, then `meta name=author`, then a byline element. */
function pageAuthor(document: PageDocument, readabilityByline: string | null): string | null {
  const citation = metaContent(document, ["citation_author", "dc.creator", "dcterms.creator"]);
  if (citation.length > 0) return joinNames(citation.map(flipInvertedName));
  const meta = metaContent(document, ["author", "article:author", "sailthru.author"]).filter(
    (value) => !/^https?:/i.test(value),
  )[0];
  if (meta) return cleanByline(meta) ?? meta;
  const bylineElement = document.querySelector(
    "[rel=author], [itemprop=author], .byline, .author, .byline-author, address.author",
  );
  return (
    cleanByline(bylineElement?.textContent) ?? cleanByline(readabilityByline ?? undefined) ?? null
  );
}

/** "Darwin, Charles" (the citation_author convention) → "Charles Darwin". */
function flipInvertedName(name: string): string {
  const match = /^([^,]+),\s*([^,]+)$/.exec(name);
  return match ? `${match[2]} ${match[1]}` : name;
}

/**
 * Pages without heading tags mark section titles by style: a short paragraph that is bold
 * throughout, centred, or carries a heading-like class. They become `<h2>` before
 * Readability runs (Readability drops styles and classes). Returns the texts so the preview
 * can mark them as doubtful.
 */
function promoteStyledHeadings(document: PageDocument): string[] {
  const body = document.body;
  if (!body) return [];
  if (body.querySelector("h2, h3, h4, h5, h6")) return [];
  const promoted: string[] = [];
  for (const paragraph of [...body.querySelectorAll("p, div")]) {
    if (paragraph.querySelector("p, div, br, img, table, ul, ol")) continue;
    const text = collapseSpace(paragraph.textContent ?? "");
    if (!text || text.length > MAX_STYLED_HEADING_CHARS || /[.,;:]$/.test(text)) continue;
    if (!/\p{L}/u.test(text)) continue;
    const style = (paragraph.getAttribute("style") ?? "").toLowerCase();
    const align = (paragraph.getAttribute("align") ?? "").toLowerCase();
    const className = paragraph.getAttribute("class") ?? "";
    const boldChildren = [...paragraph.children].filter((child) =>
      /^(?:b|strong)$/i.test(child.tagName),
    );
    const boldText = collapseSpace(boldChildren.map((child) => child.textContent ?? "").join(" "));
    const allBold =
      (boldChildren.length > 0 && boldText === text) ||
      /font-weight:\s*(?:bold|[6-9]00)/.test(style);
    const centred = align === "center" || /text-align:\s*center/.test(style);
    const classed = HEADING_CLASS.test(className);
    if (!(allBold || classed || (centred && text.length <= 60))) continue;
    const heading = document.createElement("h2");
    heading.textContent = text;
    paragraph.replaceWith(heading);
    promoted.push(text);
  }
  // One lone styled line is more likely emphasis than a section structure.
  return promoted.length >= 2 ? promoted : [];
}

/**
 * A saved web page → outline. Metadata comes from the whole page; the text from
 * Readability's main-content extraction (on a linkedom DOM), after page chrome that is never
 * text (navigation, contents boxes, footers, "[edit]" links) is removed and recorded.
 */
export function parseHtmlPage(html: string, fallbackTitle: string): Outline {
  // The streaming reader refuses nesting past MAX_HTML_DEPTH at once; a DOM built first
  // (and Readability's recursive walks over it) would pay for every level of a hostile page.
  htmlToFlow(html);
  const { document } = parseHTML(html);
  const removed: RemovedPart[] = [];
  const title = pageTitle(document);
  const declaredLanguage =
    document.documentElement?.getAttribute("lang") ??
    document.documentElement?.getAttribute("xml:lang") ??
    metaContent(document, ["dc.language", "citation_language", "og:locale"])[0] ??
    null;

  for (const { selector, reason } of CHROME) {
    for (const element of [...document.querySelectorAll(selector)]) {
      if (!element.isConnected) continue;
      const characters = textLength(element);
      if (characters > 0)
        removed.push({ reason, excerpt: excerptOf(element.textContent ?? ""), characters });
      element.remove();
    }
  }
  for (const heading of [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]) {
    for (const child of [...heading.querySelectorAll("a, span")]) {
      if (child.isConnected && EDIT_LINK.test(collapseSpace(child.textContent ?? ""))) {
        removed.push({
          reason: "other",
          excerpt: collapseSpace(child.textContent ?? ""),
          characters: textLength(child),
        });
        child.remove();
      }
    }
  }
  // Readability drops every <aside>; footnotes marked as such are text, so they become <section>s (a <div> would be unwrapped, losing its note id).
  for (const aside of [...document.querySelectorAll("aside")]) {
    const semantics = `${aside.getAttribute("epub:type") ?? ""} ${aside.getAttribute("role") ?? ""}`;
    if (!/\b(?:doc-)?(?:footnote|endnote|rearnote|note)\b/.test(semantics)) continue;
    const note = document.createElement("section");
    for (const { name, value } of [...aside.attributes]) note.setAttribute(name, value);
    while (aside.firstChild) note.appendChild(aside.firstChild);
    aside.replaceWith(note);
  }
  const author = pageAuthor(document, null);
  const promoted = promoteStyledHeadings(document);
  const bodyText = collapseSpace(document.body?.textContent ?? "");

  // Readability changes the tree it reads; it gets this (already cleaned) document.
  const article = new Readability(document, { charThreshold: 200 }).parse();
  const contentHtml = article?.content ?? "";
  const flow = htmlToFlow(contentHtml || html);
  const articleText = collapseSpace(article?.textContent ?? "");
  const chrome = bodyText.length - articleText.length;
  if (article && chrome > 200) {
    removed.push({
      reason: "page-furniture",
      excerpt: "Page parts outside the main text (menus, side bars, links, comments)",
      characters: chrome,
    });
  }

  const distributor = splitDistributorItems(flow.items, removed);
  const items = distributor.items.filter((item) => {
    if (item.type !== "heading") return true;
    const text = collapseSpace(
      item.text.replace(/\[\s*(?:edit|modifier|bearbeiten|editar|править)\s*\]/gi, ""),
    );
    item.text = text;
    return text.length > 0;
  });
  // Readability keeps the article's own heading; it repeats the title and is not a chapter.
  const titleKey = title ? normalizeForCompare(title) : "";
  const firstHeading = items.findIndex((item) => item.type === "heading");
  const first = items[firstHeading];
  if (first?.type === "heading" && titleKey && normalizeForCompare(first.text) === titleKey)
    items.splice(firstHeading, 1);

  const plain = items
    .map((item) => (item.type === "block" ? item.block.text : item.text))
    .join("\n");
  const outline = outlineFromFlow(items, {
    title: distributor.title ?? title ?? article?.title ?? null,
    author: distributor.author ?? author ?? cleanByline(article?.byline),
    language:
      normalizeLanguageTag(declaredLanguage ?? article?.lang ?? null) ??
      distributor.language ??
      guessLanguage(plain),
    fallbackTitle,
  });
  const doubtfulHeadings: DoubtfulHeading[] = [];
  const promotedKeys = new Set(promoted.map(normalizeForCompare));
  outline.chapters.forEach((chapter, chapterIndex) => {
    if (promotedKeys.has(normalizeForCompare(chapter.title))) {
      doubtfulHeadings.push({
        chapterIndex,
        title: chapter.title,
        reason: "a short bold, centred or heading-styled paragraph, not a heading tag",
      });
    }
  });
  if (removed.length > 0 || doubtfulHeadings.length > 0)
    outline.notes = { removed: mergeRemoved(removed), doubtfulHeadings };
  return outline;
}

/** One entry per reason keeps the preview compact; the first excerpt stands for the rest. */
export function mergeRemoved(parts: RemovedPart[]): RemovedPart[] {
  const byReason = new Map<RemovedPartReason, RemovedPart>();
  for (const part of parts) {
    const seen = byReason.get(part.reason);
    if (seen) seen.characters += part.characters;
    else byReason.set(part.reason, { ...part });
  }
  return [...byReason.values()];
}

/** "en_US" (og:locale style) → "en-US"; anything that is not a language tag → null. */
export function normalizeLanguageTag(tag: string | null): string | null {
  if (!tag) return null;
  const clean = tag.trim().replace(/_/g, "-");
  return /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/i.test(clean) ? clean : null;
}
