import { Unzip, UnzipInflate, unzipSync, type UnzipFileInfo } from "fflate";
import { DomUtils, ElementType, parseDocument } from "htmlparser2";
import type { AnyNode, Element } from "domhandler";
import { AppError } from "@/lib/errors/app-error";
import { chaptersFromFlow, type FlowItem } from "./flow";
import { linkFootnotes } from "./footnotes";
import { htmlToFlow } from "./html";
import {
  EPUB_MAX_COMPRESSION_RATIO,
  EPUB_MAX_ENTRIES,
  EPUB_MAX_ENTRY_UNCOMPRESSED_BYTES,
  EPUB_MAX_TOTAL_UNCOMPRESSED_BYTES,
  EPUB_RATIO_CHECK_MIN_BYTES,
} from "./limits";
import { collapseSpace } from "./text-utils";
import { mergeRemoved } from "./html-page";
import type {
  Block,
  OnImportProgress,
  Outline,
  OutlineChapter,
  RemovedPart,
  RemovedPartReason,
} from "./types";

const MB = 1024 * 1024;

/**
 * Checks the archive from its central directory only (names and declared sizes), so a
 * zip bomb is refused before a single byte is inflated. Returns the entry names.
 */
export function inspectEpubArchive(bytes: Uint8Array): string[] {
  return [...inspectEpubEntries(bytes).keys()];
}

/** The central directory's entries: name → declared uncompressed size. */
function inspectEpubEntries(bytes: Uint8Array): Map<string, number> {
  const names: string[] = [];
  const sizes = new Map<string, number>();
  let total = 0;
  try {
    unzipSync(bytes, {
      filter(file: UnzipFileInfo) {
        if (names.length >= EPUB_MAX_ENTRIES) {
          throw new AppError(
            "payload_too_large",
            `This EPUB has more than ${EPUB_MAX_ENTRIES} files; it cannot be imported.`,
          );
        }
        names.push(file.name);
        sizes.set(file.name, file.originalSize);
        total += file.originalSize;
        if (file.originalSize > EPUB_MAX_ENTRY_UNCOMPRESSED_BYTES) {
          throw new AppError(
            "payload_too_large",
            `The EPUB file "${file.name}" would unpack to more than ${EPUB_MAX_ENTRY_UNCOMPRESSED_BYTES / MB} MB.`,
          );
        }
        if (total > EPUB_MAX_TOTAL_UNCOMPRESSED_BYTES) {
          throw new AppError(
            "payload_too_large",
            `This EPUB would unpack to more than ${EPUB_MAX_TOTAL_UNCOMPRESSED_BYTES / MB} MB.`,
          );
        }
        if (
          file.originalSize > EPUB_RATIO_CHECK_MIN_BYTES &&
          file.originalSize > Math.max(file.size, 1) * EPUB_MAX_COMPRESSION_RATIO
        ) {
          throw new AppError(
            "payload_too_large",
            `The EPUB file "${file.name}" is compressed suspiciously well (over ${EPUB_MAX_COMPRESSION_RATIO}:1); it looks like a zip bomb.`,
          );
        }
        return false;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("unprocessable", "This EPUB is damaged: its zip directory cannot be read.");
  }
  if (names.length === 0) throw new AppError("unprocessable", "This EPUB is empty.");
  return sizes;
}

/**
 * Compressed bytes handed to the inflater at a time. DEFLATE expands at most about 1032:1,
 * so one step produces at most ~16 MB before the running byte count is checked again.
 */
const INFLATE_STEP_BYTES = 16 * 1024;

/**
 * Inflates the wanted entries with fflate's streaming unzip, counting the bytes as they come
 * out: an entry that produces more than its central directory declared (or more than the
 * per-entry cap), or entries that together pass the total cap, stop the unpacking at once.
 * The declared sizes alone prove nothing: a forged directory can under-declare an entry
 * that inflates to gigabytes.
 */
function inflate(bytes: Uint8Array, wanted: Set<string>): Map<string, string> {
  const declared = inspectEpubEntries(bytes);
  const decoder = new TextDecoder("utf-8");
  const chunks = new Map<string, Uint8Array[]>();
  let total = 0;
  const tooBig = (message: string) => new AppError("payload_too_large", message);
  const unzip = new Unzip((file) => {
    if (!wanted.has(file.name) || chunks.has(file.name)) return;
    const parts: Uint8Array[] = [];
    chunks.set(file.name, parts);
    const cap = Math.min(declared.get(file.name) ?? 0, EPUB_MAX_ENTRY_UNCOMPRESSED_BYTES);
    let size = 0;
    file.ondata = (error, data) => {
      if (error) throw error;
      size += data.length;
      total += data.length;
      if (size > cap) {
        file.terminate();
        throw tooBig(
          `The EPUB file "${file.name}" unpacks to more than it declares (${cap} bytes); it looks like a zip bomb.`,
        );
      }
      if (total > EPUB_MAX_TOTAL_UNCOMPRESSED_BYTES) {
        file.terminate();
        throw tooBig(
          `This EPUB would unpack to more than ${EPUB_MAX_TOTAL_UNCOMPRESSED_BYTES / MB} MB.`,
        );
      }
      parts.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length; offset += INFLATE_STEP_BYTES) {
      const end = Math.min(offset + INFLATE_STEP_BYTES, bytes.length);
      unzip.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "unprocessable",
      "This EPUB is damaged: a file inside it cannot be unpacked.",
    );
  }
  const files = new Map<string, string>();
  for (const [name, parts] of chunks) {
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    files.set(name, decoder.decode(joined));
  }
  return files;
}

function resolvePath(base: string, href: string): string {
  const [pathPart = ""] = href.split("#");
  let decoded = pathPart;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    // keep the raw path; a bad escape only means the file will not be found
  }
  const parts = base.split("/").slice(0, -1);
  for (const segment of decoded.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment && segment !== ".") parts.push(segment);
  }
  return parts.join("/");
}

function fragmentOf(href: string): string | null {
  const hash = href.indexOf("#");
  return hash === -1 ? null : href.slice(hash + 1) || null;
}

const isElement = (node: AnyNode | null): node is Element =>
  node !== null &&
  (node.type === ElementType.Tag ||
    node.type === ElementType.Script ||
    node.type === ElementType.Style);
const byName = (name: string) => (node: Element) =>
  node.name.toLowerCase().replace(/^.*:/, "") === name;
const findAll = (root: Parameters<typeof DomUtils.findAll>[1], name: string) =>
  DomUtils.findAll(byName(name), root);
const textOf = (node: Element) => collapseSpace(DomUtils.textContent(node));

type NavEntry = { title: string; href: string; depth: number };

/** EPUB 3 navigation document: the toc nav, skipping entries under a hidden list. */
function readNav(xhtml: string): NavEntry[] {
  const doc = parseDocument(xhtml, { xmlMode: true });
  const toc = findAll(doc.children, "nav").find((nav) =>
    /\btoc\b/.test(nav.attribs["epub:type"] ?? ""),
  );
  if (!toc) return [];
  const entries: NavEntry[] = [];
  const walk = (list: Element, depth: number) => {
    if (list.attribs.hidden !== undefined) return;
    for (const li of list.children) {
      if (!isElement(li) || !byName("li")(li)) continue;
      for (const child of li.children) {
        if (!isElement(child)) continue;
        if (byName("a")(child) && child.attribs.href) {
          entries.push({ title: textOf(child), href: child.attribs.href, depth });
        } else if (byName("ol")(child)) walk(child, depth + 1);
      }
    }
  };
  const root = findAll(toc.children, "ol")[0];
  if (root) walk(root, 0);
  return entries;
}

/** EPUB 2 NCX: navPoints in document order. */
function readNcx(xml: string): NavEntry[] {
  const doc = parseDocument(xml, { xmlMode: true });
  return findAll(doc.children, "navpoint").map((point) => {
    const label = findAll(point.children, "text")[0];
    const content = findAll(point.children, "content")[0];
    let depth = 0;
    for (let parent = point.parent; parent && isElement(parent); parent = parent.parent) depth++;
    return { title: label ? textOf(label) : "", href: content?.attribs.src ?? "", depth };
  });
}

const LICENCE =
  /\b(?:Project Gutenberg(?:™|-tm)? License|END OF (?:THE|THIS) PROJECT GUTENBERG|Creative Commons|public domain (?:dedication|in the United States)|Uncopyright|all rights reserved|licen[cs]ed under)\b/i;
const LICENCE_TYPES = /\b(?:copyright-page|colophon|imprint|license|licence)\b/;
const FRONT_TYPES = /\b(?:cover|titlepage|halftitlepage|frontmatter)\b/;
/** Front matter longer than this is a real text (a preface the contents forgot), kept. */
const MAX_DROPPED_FRONT_CHARS = 1500;

function unlistedFileReason(
  source: string,
  text: string,
  beforeContents: boolean,
): RemovedPartReason | null {
  const bodyTypes = /<(?:body|section)[^>]*epub:type="([^"]*)"/i.exec(source)?.[1] ?? "";
  if (LICENCE_TYPES.test(bodyTypes) || (text.length < 40_000 && LICENCE.test(text)))
    return "licence";
  if (beforeContents && (FRONT_TYPES.test(bodyTypes) || text.length <= MAX_DROPPED_FRONT_CHARS))
    return "front-matter";
  return null;
}

/**
 * The book's title as a reader writes it: catalogue lines such as "The Divine Comedy by
 * Dante, Illustrated, Hell, Complete" are cut before " by <creator>", and a title on two
 * lines ("Title\nSubtitle") keeps its first line and the subtitle after a colon.
 */
export function cleanEpubTitle(raw: string, creators: string[]): string {
  const lines = raw.split(/\n/).map(collapseSpace).filter(Boolean);
  let title = lines.length > 1 ? `${lines[0]}: ${lines.slice(1).join(" ")}` : (lines[0] ?? "");
  const surnames = creators
    .flatMap((name) => name.split(/[\s,]+/))
    .filter((part) => part.length > 2)
    .map((part) => part.toLowerCase());
  const by = /\s+by\s+(\S+)/i.exec(title);
  if (
    by &&
    surnames.some(
      (surname) =>
        by[1]?.toLowerCase().replace(/[^\p{L}]/gu, "") === surname.replace(/[^\p{L}]/gu, ""),
    )
  ) {
    title = title.slice(0, by.index);
  }
  return title.replace(/[\s,;:.]+$/, "");
}

const LISTED_FRONT = /^(?:title ?page|cover(?: page)?|half[- ]?title(?: page)?|frontispiece)$/i;
const LISTED_LICENCE = /^(?:copyright(?: page)?|colophon|imprint|licen[cs]e|uncopyright)$/i;

/** The distributor's own page ("The Project Gutenberg eBook of …"), listed in its contents. */
const LISTED_DISTRIBUTOR = /^(?:the )?project gutenberg(?:'s|’s)? e-?(?:book|text)\b/i;
/** The printed book's contents or list of illustrations: the reader's navigation replaces them. */
const LISTED_CONTENTS =
  /^(?:(?:table of )?contents|list of (?:illustrations|plates|figures)|illustrations|table des mati[èe]res|sommaire|inhalt(?:sverzeichnis)?|[íi]ndice|содержание|оглавление)\.?$/i;
/** A list of entries is short lines; longer than this it is a chapter of its own. */
const MAX_DROPPED_LIST_CHARS = 20_000;

function listedFrontMatterReason(chapter: OutlineChapter): RemovedPartReason | null {
  const title = collapseSpace(chapter.title);
  const characters = chapter.blocks.reduce((sum, block) => sum + block.text.length, 0);
  if (LISTED_DISTRIBUTOR.test(title) && characters <= MAX_DROPPED_LIST_CHARS)
    return "distributor-header";
  if (LISTED_CONTENTS.test(title) && characters <= MAX_DROPPED_LIST_CHARS) return "contents";
  if (characters > MAX_DROPPED_FRONT_CHARS) return null;
  if (LISTED_FRONT.test(title)) return "front-matter";
  if (LISTED_LICENCE.test(title)) return "licence";
  return null;
}

/**
 * When sub-entries repeat the same titles under different parents ("EPUB2", "EPUB3" under
 * each article), they are sections, not chapters: only the shallowest level with at least two
 * entries cuts chapters, and the sections stay inside as heading blocks.
 */
function chapterLevelEntries(nav: NavEntry[]): NavEntry[] {
  const seen = new Set<string>();
  let repeated = false;
  for (const entry of nav) {
    if (entry.depth === 0) continue;
    const key = collapseSpace(entry.title).toLowerCase();
    if (seen.has(key)) repeated = true;
    seen.add(key);
  }
  if (!repeated) return nav;
  const counts = new Map<number, number>();
  for (const entry of nav) counts.set(entry.depth, (counts.get(entry.depth) ?? 0) + 1);
  const depths = [...counts.keys()].sort((a, b) => a - b);
  const level = depths.find((depth) => (counts.get(depth) ?? 0) >= 2) ?? depths[0] ?? 0;
  return nav.filter((entry) => entry.depth <= level);
}

function excerptOf(text: string): string {
  const clean = collapseSpace(text);
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

function joinNames(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return names[0] ?? null;
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * EPUB 2/3: container.xml → package document (title, creators, language, spine) →
 * navigation (EPUB 3 nav, else NCX). A chapter runs from its nav target (a whole file or an
 * anchor inside one) to the next target, so one-file books split at anchors too.
 */
export function parseEpub(
  bytes: Uint8Array,
  fallbackTitle: string,
  onProgress?: OnImportProgress,
): Outline {
  const names = inspectEpubArchive(bytes);
  const container = inflate(bytes, new Set(["META-INF/container.xml"])).get(
    "META-INF/container.xml",
  );
  if (!container) throw new AppError("unprocessable", "This EPUB has no META-INF/container.xml.");
  const rootfile = findAll(parseDocument(container, { xmlMode: true }).children, "rootfile")[0]
    ?.attribs["full-path"];
  if (!rootfile || !names.includes(rootfile)) {
    throw new AppError("unprocessable", "This EPUB does not say where its package document is.");
  }
  const opfText = inflate(bytes, new Set([rootfile])).get(rootfile) ?? "";
  const opf = parseDocument(opfText, { xmlMode: true });

  const titles = findAll(opf.children, "title");
  const mainTitleId = findAll(opf.children, "meta").find(
    (meta) => meta.attribs.property === "title-type" && textOf(meta) === "main",
  )?.attribs.refines;
  const mainTitle =
    titles.find((title) => mainTitleId && `#${title.attribs.id}` === mainTitleId) ?? titles[0];
  const creators = findAll(opf.children, "creator").map(textOf).filter(Boolean);
  const language = findAll(opf.children, "language").map(textOf)[0] ?? null;

  const manifest = new Map<string, { href: string; type: string; properties: string }>();
  for (const item of findAll(opf.children, "item")) {
    const { id, href } = item.attribs;
    if (id && href) {
      manifest.set(id, {
        href: resolvePath(rootfile, href),
        type: item.attribs["media-type"] ?? "",
        properties: item.attribs.properties ?? "",
      });
    }
  }
  const spineElement = findAll(opf.children, "spine")[0];
  const spine = findAll(spineElement?.children ?? [], "itemref")
    .filter((ref) => ref.attribs.linear !== "no")
    .map((ref) => manifest.get(ref.attribs.idref ?? ""))
    .filter(
      (item): item is NonNullable<typeof item> =>
        Boolean(item) && /html|xml/.test(item?.type ?? ""),
    )
    .map((item) => item.href);
  if (spine.length === 0)
    throw new AppError("unprocessable", "This EPUB has no readable content in its spine.");

  const navItem = [...manifest.values()].find((item) => /\bnav\b/.test(item.properties));
  const ncxItem =
    manifest.get(spineElement?.attribs.toc ?? "") ??
    [...manifest.values()].find((item) => item.type === "application/x-dtbncx+xml");
  const wanted = new Set(
    [...spine, navItem?.href, ncxItem?.href].filter((name): name is string => Boolean(name)),
  );
  const files = inflate(bytes, wanted);

  let nav: NavEntry[] = [];
  let navBase = "";
  if (navItem && files.has(navItem.href)) {
    nav = readNav(files.get(navItem.href) ?? "");
    navBase = navItem.href;
  }
  if (nav.length === 0 && ncxItem && files.has(ncxItem.href)) {
    nav = readNcx(files.get(ncxItem.href) ?? "");
    navBase = ncxItem.href;
  }

  nav = chapterLevelEntries(nav);
  const navFiles = new Set(nav.map((entry) => resolvePath(navBase, entry.href)));
  const firstNavSpineIndex = spine.findIndex((href) => navFiles.has(href));
  const removed: RemovedPart[] = [];
  const flow: FlowItem[] = [];
  const positions = new Map<string, number>();
  spine.forEach((href, index) => {
    onProgress?.({ done: index, total: spine.length, stage: "epub" });
    const source = files.get(href) ?? "";
    const parsed = htmlToFlow(source);
    // A spine file the table of contents does not list: a licence or imprint is dropped;
    // short front matter before the first listed file (cover, title page) is dropped too;
    // anything else stays where the spine puts it, inside the chapter it follows.
    if (nav.length > 0 && !navFiles.has(href)) {
      const text = parsed.items
        .map((item) => (item.type === "block" ? item.block.text : item.text))
        .join(" ");
      const reason = unlistedFileReason(source, text, index < firstNavSpineIndex);
      if (reason) {
        if (text.length > 0)
          removed.push({ reason, excerpt: excerptOf(text), characters: text.length });
        return;
      }
    }
    positions.set(href, flow.length);
    for (const [id, at] of parsed.anchors) positions.set(`${href}#${id}`, flow.length + at);
    for (const item of parsed.items) flow.push(item);
  });
  onProgress?.({ done: spine.length, total: spine.length, stage: "epub" });

  const targets = nav
    .map((entry) => {
      const file = resolvePath(navBase, entry.href);
      const fragment = fragmentOf(entry.href);
      const at = positions.get(fragment ? `${file}#${fragment}` : file) ?? positions.get(file);
      return at === undefined || !entry.title ? null : { title: entry.title, at };
    })
    .filter((target): target is { title: string; at: number } => target !== null)
    .sort((a, b) => a.at - b.at);

  const title =
    (mainTitle ? cleanEpubTitle(DomUtils.textContent(mainTitle), creators) : "") || fallbackTitle;
  let chapters: OutlineChapter[];
  if (targets.length === 0) {
    chapters = chaptersFromFlow(flow, title);
  } else {
    chapters = targets.map((target, index) => {
      const end = targets[index + 1]?.at ?? flow.length;
      const slice = flow.slice(target.at, end);
      // The chapter's own heading repeats the nav title; later headings are sections.
      const firstBlock = slice.findIndex((item) => item.type === "block");
      const blocks: Block[] = slice
        .slice(firstBlock === -1 ? slice.length : firstBlock)
        .map((item) => (item.type === "block" ? item.block : { kind: "heading", text: item.text }));
      return { title: target.title, blocks };
    });
    chapters = chapters.filter((chapter) => {
      if (chapter.blocks.length === 0) return false;
      // A contents entry for the cover, title page or copyright page is not a chapter.
      const reason = listedFrontMatterReason(chapter);
      if (!reason) return true;
      const text = chapter.blocks.map((block) => block.text).join(" ");
      removed.push({ reason, excerpt: excerptOf(text) || chapter.title, characters: text.length });
      return false;
    });
  }
  linkFootnotes(chapters);
  const outline: Outline = { title, author: joinNames(creators), language, chapters };
  if (removed.length > 0) outline.notes = { removed: mergeRemoved(removed), doubtfulHeadings: [] };
  return outline;
}
