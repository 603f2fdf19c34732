import { chaptersFromFlow, type FlowItem } from "../flow";
import { linkFootnotes } from "../footnotes";
import { collapseSpace, guessLanguage } from "../text-utils";
import type { Block, BlockKind, DoubtfulHeading, Outline, RemovedPart } from "../types";
import { normalizeText, rejoinDropCapitals, removePageArtifacts } from "./clean-lines";
import { ContentsEvidence, findContentsList, headingKey } from "./contents-list";
import { splitDistributorText } from "./distributor";
import { authorFromProse, readFrontMatter } from "./front-matter";
import { SECTION_WORDS } from "./line-rules";
import {
  BULLET,
  DATE_LINE,
  FOOTNOTE_LINE,
  endsWithAbbreviation,
  isAllCaps,
  isBareDivisionWord,
  isCitation,
  isSingleCapital,
  isTerminated,
  numberedHeading,
} from "./line-rules";
import { WordIndex, joinHyphenated } from "./word-index";

/** Heading ranks: 1 a numbered run of chapters, 2 a title-like line, 3 an upper-case section head. */
type Unit =
  | {
      t: "heading";
      text: string;
      level: number;
      line: number;
      numbered?: number;
      keyword?: string;
      statement?: boolean;
      runsOn?: boolean;
      /** Taken on little evidence (a short line standing alone), for the preview to flag. */
      doubtful?: string;
      /** Blank lines above the heading: e-texts set chapters further apart than sections. */
      gap?: number;
      /** Named by the contents list at the start. */
      listed?: boolean;
    }
  | { t: "date"; text: string; line: number }
  | { t: "caption"; text: string; line: number }
  | {
      t: "line";
      text: string;
      line: number;
      indent: boolean;
      blankBefore: boolean;
      listStart?: boolean;
    };

type Layout = {
  lines: string[];
  jumps: Set<number>;
  /** Paragraphs are hard-wrapped over several lines (PDF extraction), not one line each. */
  wrapped: boolean;
  /** Typical line length around each line, for telling a paragraph's short last line. */
  width: number[];
  /** Typical line length of the whole text, for telling verse from prose. */
  globalWidth: number;
};

const OPENING_QUOTE = /^[“"'‘«]/;
/** A title line ending in one of these words runs on to the next line. */
const CONNECTOR_END =
  /\b(?:a|an|the|of|in|at|on|to|for|and|or|but|with|by|from|was|were|is|are|be|as|into|versus|between|where|what|why|how)$/i;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function measure(lines: string[], jumps: Set<number>): Layout {
  const nonBlank = lines.map((line, i) => (line.trim() ? i : -1)).filter((i) => i >= 0);
  const followed = nonBlank.filter((i) => (lines[i + 1] ?? "").trim()).length;
  const wrapped = nonBlank.length > 0 && followed / nonBlank.length >= 0.3;
  const width = new Array<number>(lines.length).fill(0);
  nonBlank.forEach((lineIndex, p) => {
    const window = nonBlank
      .slice(Math.max(0, p - 8), p + 9)
      .map((i) => lines[i]?.trim().length ?? 0)
      .filter((length) => length >= 20);
    width[lineIndex] = median(window);
  });
  const globalWidth = median(
    nonBlank.map((i) => lines[i]?.trim().length ?? 0).filter((length) => length >= 20),
  );
  return { lines, jumps, wrapped, width, globalWidth };
}

function isTitleLike(text: string, maxLength: number): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > maxLength) return false;
  if (!/^[“"‘']?[\p{Lu}\d]/u.test(t)) return false;
  if (BULLET.test(t) || FOOTNOTE_LINE.test(t) || isCitation(t) || DATE_LINE.test(t)) return false;
  const words = t.split(/\s+/).length;
  if (words > 14) return false;
  if (/[,;:!]["'”’]?$/.test(t)) return false;
  if (/\.["'”’]?$/.test(t) && !endsWithAbbreviation(t)) return false;
  if (/\?["'”’]?$/.test(t) && (words > 8 || t.includes(","))) return false;
  return true;
}

/**
 * An upper-case heading line; a dated or numbered tail after a dash or colon may be mixed
 * case ("LITERATURE AND DEATH -- Aet. 43-58--1512-27").
 */
function upperCaseHeading(text: string): boolean {
  // "INTRODUCTION." / "APPENDIX.": a full stop after an upper-case heading is the printer's.
  if (isAllCaps(text) || (/^\P{Ll}+\.$/u.test(text) && isAllCaps(text.slice(0, -1)))) return true;
  const head = text.split(/\s+(?:--|—|–|:)\s*/)[0] ?? "";
  return head.length < text.length && isAllCaps(head) && (head.match(/\p{L}/gu) ?? []).length >= 4;
}

function nextNonBlankBefore(lines: string[], from: number): number {
  for (let i = from - 1; i >= 0; i--) if (lines[i]?.trim()) return i;
  return -1;
}

function nextNonBlank(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (lines[i]?.trim()) return i;
  return -1;
}

/** Pass 1: each line (or short run of lines) becomes a heading, date, caption or text line. */
function scanUnits(
  layout: Layout,
  start: number,
  index: WordIndex,
  contents: ContentsEvidence,
): Unit[] {
  const { lines, wrapped } = layout;
  const units: Unit[] = [];
  let blankBefore = true;
  let blanks = 0;
  let lastText: string | null = null;
  let afterHeading = true;
  for (let i = start; i < lines.length;) {
    const raw = lines[i] ?? "";
    const t = raw.trim();
    if (!t) {
      blankBefore = true;
      blanks++;
      i++;
      continue;
    }
    const gap = blanks;
    blanks = 0;
    const indent = /^\s/.test(raw);
    const prevEnded = afterHeading || lastText === null || isTerminated(lastText);
    const boundary = blankBefore || indent || prevEnded;
    const push = (unit: Unit, next: number, heading: boolean) => {
      if (unit.t === "heading") unit.gap = gap;
      units.push(unit);
      if (heading) afterHeading = true;
      i = next;
      blankBefore = false;
    };

    if (blankBefore && contents.size > 0) {
      const known = contents.match(lines, i);
      if (known) {
        push({ t: "heading", text: known.text, level: 1, line: i, listed: true }, known.next, true);
        lastText = null;
        continue;
      }
    }

    if (DATE_LINE.test(t) && boundary) {
      push({ t: "date", text: t, line: i }, i + 1, true);
      continue;
    }

    const numbered = numberedHeading(t);
    if (
      numbered &&
      boundary &&
      t.length <= (numbered.keyword ? 120 : 90) &&
      (blankBefore || indent || prevEnded) &&
      (numbered.rest || numbered.keyword || blankBefore)
    ) {
      let text = t;
      let k = i + 1;
      for (let extra = 0; extra < 4 && k < lines.length; extra++, k++) {
        const next = lines[k]?.trim() ?? "";
        if (
          !next ||
          isTerminated(text) ||
          DATE_LINE.test(next) ||
          isSingleCapital(next) ||
          numberedHeading(next)
        )
          break;
        // A heading wrapped at the line width: an upper-case line under an upper-case
        // heading, with a blank line after it, is the rest of the heading.
        const upperRunOn =
          isAllCaps(text.replace(/[,;:]$/, "")) &&
          isAllCaps(next.replace(/[,;:?!]$/, "")) &&
          next.length <= 90 &&
          !(lines[k + 1] ?? "").trim();
        const fits =
          upperRunOn || (next.length <= 50 && (/^\p{Ll}/u.test(next) || CONNECTOR_END.test(text)));
        if (!fits || (!wrapped && extra === 0 && !upperRunOn)) break;
        text = `${text} ${next}`;
      }
      if (!numbered.rest && k === i + 1) {
        // Number and title on two lines: "CHAPITRE III" / "Le départ", the title standing alone.
        const j = nextNonBlank(lines, k);
        const next = lines[j]?.trim() ?? "";
        const standsAlone = !(lines[j + 1] ?? "").trim();
        if (
          j !== -1 &&
          j - k <= 2 &&
          standsAlone &&
          isTitleLike(next, 90) &&
          !numberedHeading(next) &&
          !isBareDivisionWord(next) &&
          !(contents.size > 0 && contents.match(lines, j))
        ) {
          text = `${t} ${next}`;
          k = j + 1;
        }
      }
      // Text on the very next line: the number opens a paragraph, unless a division word says otherwise.
      const runsOn = Boolean((lines[k] ?? "").trim());
      const words = text.slice(t.length - numbered.rest.length);
      const statement =
        /[.!;]\s/.test(words) ||
        (/[.!]["'”’]?$/.test(words) && !endsWithAbbreviation(words)) ||
        text.length > (numbered.keyword ? 200 : 100);
      push(
        {
          t: "heading",
          text,
          level: 1,
          line: i,
          numbered: numbered.n,
          ...(numbered.keyword ? { keyword: numbered.keyword } : {}),
          statement,
          runsOn,
        },
        k,
        !statement,
      );
      if (statement) afterHeading = false;
      lastText = text;
      continue;
    }

    // An upper-case heading wrapped with a comma at the line end ("…IN GENERAL,").
    const wrappedUpper =
      /,$/.test(t) &&
      isAllCaps(t.slice(0, -1)) &&
      upperCaseHeading(lines[i + 1]?.trim() ?? "") &&
      !(lines[i + 2] ?? "").trim();
    // "…of which Class … is the" / "AUTHOR": a sentence left hanging on an article or
    // preposition ends on the next line, however that line is set.
    const endsSentence = lastText !== null && !afterHeading && CONNECTOR_END.test(lastText);
    if (t.length <= 90 && boundary && !endsSentence && (upperCaseHeading(t) || wrappedUpper)) {
      let text = t;
      let k = i + 1;
      for (let extra = 0; extra < 3; extra++) {
        const j = nextNonBlank(lines, k);
        const next = lines[j]?.trim() ?? "";
        // A long heading wrapped at the e-text's line width continues on the very next line.
        const atWidth = j === k && text.length >= 60 && next.length <= 90;
        const continues =
          atWidth || ((j === k || (!wrappedUpper && j - k <= 1)) && next.length <= 60);
        if (j === -1 || !continues || !upperCaseHeading(next)) break;
        if (wrappedUpper && extra > 0) break;
        text = `${text} ${next}`;
        k = j + 1;
      }
      push({ t: "heading", text, level: 3, line: i }, k, true);
      continue;
    }

    const stanza: string[] = [t];
    if (wrapped) {
      for (let k = i + 1; stanza.length < 3; k++) {
        const next = lines[k]?.trim() ?? "";
        const soFar = stanza.join(" ");
        if (
          !next ||
          next.length > 40 ||
          isTerminated(soFar) ||
          DATE_LINE.test(next) ||
          isSingleCapital(next)
        )
          break;
        stanza.push(next);
      }
    }
    // A heading is a short stanza of its own; in wrapped text it may run over three lines.
    if (
      (blankBefore || indent || i === start) &&
      /^[“"‘']?[\p{Lu}\d]/u.test(t) &&
      isTitleLike(stanza.join(" "), wrapped ? 80 : 100)
    ) {
      const text = stanza.join(" ");
      const k = i + stanza.length;
      const standsAlone = !(lines[k]?.trim() ?? "");
      const following = nextNonBlank(lines, k);
      const followingText = lines[following]?.trim() ?? "";
      if (standsAlone && following !== -1) {
        const beforeHeading =
          numberedHeading(followingText) !== null && isTitleLike(followingText, 90);
        if (!prevEnded || (wrapped && beforeHeading)) {
          push({ t: "caption", text, line: i }, k, false);
          continue;
        }
        // In wrapped text a heading may be followed by a paragraph that lost its drop capital;
        // a lower-case word no capital can complete means the line interrupts a sentence.
        const firstWord = /^\p{Ll}+/u.exec(followingText)?.[0];
        if (wrapped && firstWord && restoreCapital(firstWord, index) === firstWord) {
          push({ t: "caption", text, line: i }, k, false);
          continue;
        }
        const bodyFollows =
          wrapped ||
          followingText.length >= Math.max(60, text.length * 2) ||
          isAllCaps(followingText);
        // A name under a quotation is its attribution, not a heading.
        const previousEnd = nextNonBlankBefore(lines, i);
        let previousStart = previousEnd;
        while (previousStart > 0 && (lines[previousStart - 1] ?? "").trim()) previousStart--;
        const attribution =
          previousEnd !== -1 &&
          /^[“"]/.test(lines[previousStart]?.trim() ?? "") &&
          /[.!?,]?["”]$/.test(lines[previousEnd]?.trim() ?? "") &&
          text.split(/\s+/).length <= 5;
        if (bodyFollows && !/[,;]$/.test(text) && !attribution) {
          const doubtful = "a short line standing alone, with no number or heading word";
          push({ t: "heading", text, level: 2, line: i, doubtful }, k, true);
          lastText = null;
          continue;
        }
      }
    }

    // A picture caption dropped into a sentence: "…let things take" / caption / "their course…",
    // or a line far shorter than the column that a dash or lower-case line continues.
    if (wrapped && blankBefore && /^\p{Lu}/u.test(t) && !isTerminated(t) && t.length <= 90) {
      const next = lines[i + 1]?.trim() ?? "";
      const short = isTitleLike(t, 90) && t.length < (layout.width[i] ?? 0) * 0.7;
      if ((!prevEnded && /^\p{Ll}/u.test(next)) || (short && /^(?:\p{Ll}|[—–]\s)/u.test(next))) {
        push({ t: "caption", text: t, line: i }, i + 1, false);
        continue;
      }
    }

    units.push({ t: "line", text: t, line: i, indent, blankBefore });
    lastText = t;
    afterHeading = false;
    blankBefore = false;
    i++;
  }
  return units;
}

/**
 * A numbered heading opens a chapter only as part of the run 1, 2, 3 … through the text;
 * a number that restarts inside a section, or a numbered sentence, is a list item.
 */
function chooseNumberedChapters(units: Unit[], contents: ContentsEvidence): void {
  const numbered = units.filter(
    (unit): unit is Extract<Unit, { t: "heading" }> =>
      unit.t === "heading" && unit.numbered !== undefined,
  );
  const accepted: typeof numbered = [];
  // A division word ("Chapter", "Kapitel") used twice or more is evidence enough on its own.
  const keywordCounts = new Map<string, number>();
  for (const unit of numbered) {
    if (unit.keyword && !unit.statement)
      keywordCounts.set(unit.keyword, (keywordCounts.get(unit.keyword) ?? 0) + 1);
  }
  const byKeyword = numbered.filter(
    (unit) => !unit.statement && unit.keyword && (keywordCounts.get(unit.keyword) ?? 0) >= 2,
  );
  let expected: number | null = null;
  for (const unit of numbered) {
    if (unit.statement || unit.keyword) continue;
    const n = unit.numbered ?? 0;
    if ((expected === null && n <= 3) || n === expected) {
      accepted.push(unit);
      expected = n + 1;
    }
  }
  // A contents list that names none of the run is evidence against it: a numbered list
  // (a publisher's catalogue, articles of a statute) set like headings.
  const unlisted = contents.size >= 3 && accepted.every((unit) => !contents.names(unit.text));
  if (unlisted) accepted.length = 0;
  // Bare numbers running again after chapters the contents list named, each over text rather
  // than over a listed title: the same chapters' notes or vocabulary in a back part.
  const subSections = new Set<Unit>();
  const bare = (unit: Unit) =>
    unit.t === "heading" && /^(?:\d{1,3}|[IVXLC]{1,7})\.?$/i.test(unit.text);
  let listedBefore = 0;
  units.forEach((unit, at) => {
    if (unit.t !== "heading") return;
    if (unit.listed) listedBefore++;
    const next = units[at + 1];
    const overTitle = next?.t === "heading" && next.listed === true;
    if (listedBefore >= 2 && bare(unit) && !overTitle && accepted.includes(unit))
      subSections.add(unit);
  });
  if (subSections.size >= 2)
    accepted.splice(0, accepted.length, ...accepted.filter((unit) => !subSections.has(unit)));
  else subSections.clear();
  const run = new Set<(typeof numbered)[number]>(accepted.length >= 2 ? accepted : []);
  for (const unit of byKeyword) run.add(unit);
  // A number alone that the contents list opens an entry with ("I." for "I. Deux Parents et
  // Deux Enfants") is that chapter's heading, run or no run.
  for (const unit of numbered) {
    if (bare(unit) && !subSections.has(unit) && contents.names(unit.text)) run.add(unit);
  }
  let positions: Map<Unit, number> | null = null;
  for (const unit of numbered) {
    if (run.has(unit)) continue;
    if (subSections.has(unit)) {
      unit.level = 2;
      continue;
    }
    if (!unit.statement && !unit.runsOn && accepted.length < 2 && isTitleLike(unit.text, 90)) {
      unit.level = 2;
      unit.doubtful = "a numbered line outside any run of numbered headings";
      continue;
    }
    // Demote to the first line of a list item (a map, not indexOf: one lookup per unit).
    positions ??= new Map<Unit, number>(units.map((each, at) => [each, at]));
    const index = positions.get(unit) ?? -1;
    if (index === -1) continue;
    units[index] = {
      t: "line",
      text: unit.text,
      line: unit.line,
      indent: false,
      blankBefore: true,
      listStart: true,
    };
  }
}

/** A paragraph that opens a section with a lower-case letter lost its drop capital in extraction. */
function restoreCapital(text: string, index: WordIndex): string {
  const word = /^(\p{Ll}+)/u.exec(text)?.[1];
  if (!word) return text;
  // "hat is the political revolution that we advocate?" is a question: What, not That.
  const question = /^[^.!?]*\?/.test(text);
  let best = "";
  let bestCount = 0;
  for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
    const weight = question && /^(?:Wh|H)/.test(letter + word) ? 1000 : 1;
    const count = index.countExact(letter + word) * weight;
    if (count > bestCount) {
      best = letter;
      bestCount = count;
    }
  }
  return bestCount > 0 ? best + text : text;
}

/** How much of a growing paragraph's end the joining rules look at (a word or two). */
const TAIL_CHARS = 200;

/**
 * A paragraph being assembled from lines. Its text is kept as pieces and joined once at the
 * end: testing or slicing the whole growing string on every line made a text of many short
 * lines quadratic (V8 flattens the concatenated string on each regular-expression test), so
 * the joining rules look only at the last TAIL_CHARS characters.
 */
class ParagraphText {
  private readonly pieces: string[];
  tail: string;

  constructor(first: string) {
    this.pieces = [first];
    this.tail = first.slice(-TAIL_CHARS);
  }

  private push(piece: string): void {
    this.pieces.push(piece);
    this.tail = (this.tail + piece).slice(-TAIL_CHARS);
  }

  /** The next line, after a space, or joined across an end-of-line hyphen. */
  appendLine(line: string, index: WordIndex): void {
    if (/\p{L}-$/u.test(this.tail) && /^\p{L}/u.test(line)) {
      const joined = joinHyphenated(this.tail, line, index);
      if (joined.length < this.tail.length + line.length) this.dropLastChar();
      this.push(line);
      return;
    }
    this.push(` ${line}`);
  }

  /** A fragment that completes the word this text ends with. */
  appendDirect(fragment: string): void {
    this.push(fragment);
  }

  private dropLastChar(): void {
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      const piece = this.pieces[i] ?? "";
      if (piece.length === 0) continue;
      this.pieces[i] = piece.slice(0, -1);
      break;
    }
    this.tail = this.tail.slice(0, -1);
  }

  toString(): string {
    return this.pieces.join("");
  }
}

/** Pass 2: text lines become blocks. */
function buildFlow(units: Unit[], layout: Layout, index: WordIndex): FlowItem[] {
  const flow: FlowItem[] = [];
  type OpenBlock = { block: Block; text: ParagraphText; lastLine: string; lastIndex: number };
  const assembled: OpenBlock[] = [];
  // Read through getters: closures assign these, which TypeScript's narrowing cannot see.
  let current: OpenBlock | null = null;
  let parked: OpenBlock | null = null;
  const getCurrent = (): OpenBlock | null => current;
  const getParked = (): OpenBlock | null => parked;
  let captions: Block[] = [];
  let sectionStart = true;

  const close = () => {
    const closing = getCurrent();
    // A paragraph cut off mid-sentence (by a heading, list or page jump) may resume later.
    if (closing && closing.block.kind === "paragraph" && !isTerminated(closing.lastLine))
      parked = closing;
    current = null;
    for (const caption of captions) flow.push({ type: "block", block: caption });
    captions = [];
  };
  const open = (kind: BlockKind, text: string, lineIndex: number) => {
    close();
    const block: Block = {
      kind,
      text: sectionStart && kind === "paragraph" ? restoreCapital(text, index) : text,
    };
    flow.push({ type: "block", block });
    current = { block, text: new ParagraphText(block.text), lastLine: text, lastIndex: lineIndex };
    assembled.push(current);
    sectionStart = false;
  };

  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    if (!unit) continue;
    if (unit.t === "heading") {
      close();
      flow.push({ type: "heading", level: unit.level, text: unit.text });
      sectionStart = true;
      continue;
    }
    if (unit.t === "date") {
      close();
      flow.push({ type: "block", block: { kind: "dateline", text: unit.text } });
      sectionStart = true;
      continue;
    }
    if (unit.t === "caption") {
      if (current) captions.push({ kind: "caption", text: unit.text });
      else flow.push({ type: "block", block: { kind: "caption", text: unit.text } });
      continue;
    }
    const text = unit.text;
    const kindOf = (): BlockKind =>
      FOOTNOTE_LINE.test(text)
        ? "footnote"
        : BULLET.test(text) || unit.listStart
          ? "list-item"
          : isCitation(text) && !isTerminated(text)
            ? "citation"
            : "paragraph";
    if (!layout.wrapped) {
      open(kindOf(), text.replace(BULLET, ""), unit.line);
      continue;
    }

    // A column resumed elsewhere (after a "Continued on page" jump, a pull quote or a list
    // printed across it): an indented lower-case line after a finished paragraph, or a word
    // fragment that only completes the word a cut-off paragraph ended with.
    const cur = getCurrent();
    const held = getParked();
    const dash = /^[—–]\s/.test(text);
    if (held && held !== cur && (/^\p{Ll}/u.test(text) || dash)) {
      const lastWord = /(\p{L}+)-?$/u.exec(held.text.tail)?.[1] ?? "";
      const firstWord = /^(\p{L}+)/u.exec(text)?.[1] ?? "";
      const completes =
        lastWord !== "" &&
        /^\p{Ll}/u.test(firstWord) &&
        index.count(lastWord + firstWord) > 0 &&
        index.count(firstWord) <= 1;
      if (completes || ((unit.indent || dash) && (!cur || isTerminated(cur.lastLine)))) {
        close();
        const midWord = completes && !held.text.tail.endsWith("-");
        if (midWord) held.text.appendDirect(text);
        else held.text.appendLine(text, index);
        held.lastLine = text;
        held.lastIndex = unit.line;
        parked = null;
        current = held;
        continue;
      }
    }

    let startNew =
      cur === null || FOOTNOTE_LINE.test(text) || BULLET.test(text) || unit.listStart === true;
    if (!startNew && cur) {
      const ended = isTerminated(cur.lastLine);
      const width = layout.width[cur.lastIndex] ?? 0;
      if (unit.blankBefore) startNew = ended;
      else
        startNew = ended && (cur.lastLine.length < width * 0.85 || cur.block.kind === "list-item");
      if (/:$/.test(cur.lastLine) && OPENING_QUOTE.test(text)) startNew = true;
    }
    if (startNew) {
      // Three or more short lines in a row, each starting with a capital: verse.
      const run: string[] = [];
      // Prose lines of a narrow column run to 45–60 characters; verse lines stay shorter.
      const width = Math.max(layout.globalWidth, 60);
      for (let v = u; v < units.length; v++) {
        const next = units[v];
        if (next?.t !== "line" || (v > u && next.blankBefore) || next.text.length >= width * 0.75)
          break;
        if (!/^[“"‘']?\p{Lu}/u.test(next.text) || BULLET.test(next.text)) break;
        run.push(next.text);
      }
      // Verse set at full width: a stanza whose lines nearly all open with a capital, as
      // lines of verse do and wrapped prose lines do not.
      const stanza: string[] = [];
      for (let v = u; v < units.length; v++) {
        const next = units[v];
        if (next?.t !== "line" || (v > u && next.blankBefore) || BULLET.test(next.text)) break;
        stanza.push(next.text);
      }
      const capitalised = stanza.filter((line) => /^[“"‘'(]?\p{Lu}/u.test(line)).length;
      if (run.length < 3 && stanza.length >= 4 && capitalised >= stanza.length * 0.85) {
        run.splice(0, run.length, ...stanza);
      }
      if (run.length >= 3 && width > 0) {
        close();
        flow.push({ type: "block", block: { kind: "verse", text: run.join("\n") } });
        u += run.length - 1;
        sectionStart = false;
        continue;
      }
      open(kindOf(), text.replace(BULLET, ""), unit.line);
    } else if (cur) {
      cur.text.appendLine(text, index);
      cur.lastLine = text;
      cur.lastIndex = unit.line;
    }
    if (layout.jumps.has(unit.line) && current) parked = current;
    else if (parked === current) parked = null;
  }
  close();
  for (const open of assembled) open.block.text = open.text.toString();
  return flow;
}

/** Quotations: after a line ending in ":", after a sentence left open, or above a source reference. */
function markQuotes(flow: FlowItem[], wrapped: boolean): void {
  for (let i = 0; i < flow.length; i++) {
    const item = flow[i];
    if (item?.type !== "block" || item.block.kind !== "paragraph") continue;
    const block = item.block;
    const prev = flow[i - 1]?.type === "block" ? (flow[i - 1] as { block: Block }).block : null;
    const next = flow[i + 1]?.type === "block" ? (flow[i + 1] as { block: Block }).block : null;
    const opensWithQuote = OPENING_QUOTE.test(block.text) || block.text.startsWith("…");
    if (prev && /:["'”’]?$/.test(prev.text) && opensWithQuote) block.kind = "quote";
    else if (prev?.kind === "quote" && OPENING_QUOTE.test(block.text)) block.kind = "quote";
    else if (!wrapped && block.text.startsWith("…")) block.kind = "quote";
    else if (
      !wrapped &&
      prev?.kind === "paragraph" &&
      !isTerminated(prev.text) &&
      !/[:]$/.test(prev.text)
    ) {
      block.kind = "quote";
    } else if (!wrapped && next?.kind === "citation") block.kind = "quote";
  }
}

/** "antiStalinist", "marketorganised": PDF extraction dropped a hyphen before a capital. */
function restoreLostHyphens(text: string): string {
  return text.replace(/\b(anti|non|pro|ex|post|pre|neo|pan|counter)(?=\p{Lu}\p{Ll})/gu, "$1-");
}

/**
 * Plain text (typed, or extracted from a PDF) → outline: page furniture removed, drop
 * capitals rejoined, hard-wrapped lines joined into paragraphs (with end-of-line hyphens
 * resolved on the text's own evidence), quotations, lists, verse and footnotes kept as
 * their own blocks, and chapters found from numbered runs, title-like lines and section heads.
 */
export function parsePlainText(source: string, fallbackTitle: string): Outline {
  const distributor = splitDistributorText(normalizeText(source));
  const contents = findContentsList(distributor.body);
  const removed: RemovedPart[] = [...distributor.removed, ...contents.removed];
  const normalized = contents.body;
  const index = new WordIndex(normalized);
  const { lines: cleaned, jumps } = removePageArtifacts(normalized.split("\n"));
  const front = distributor.title
    ? { title: distributor.title, author: distributor.author, linesUsed: 0 }
    : readFrontMatter(cleaned);
  const title = front.title ?? fallbackTitle;
  const author = distributor.author ?? front.author;
  const withoutTitlePage = distributor.title
    ? cutAfterEndMark(removeTitlePage(cleaned, removed), removed)
    : cleaned;
  const withoutBylines = removeTitlePageLines(withoutTitlePage, title, author, removed);
  const lines = rejoinDropCapitals(withoutBylines, index);
  const layout = measure(lines, jumps);
  const evidence = new ContentsEvidence(contents.entries);
  const units = scanUnits(layout, front.linesUsed, index, evidence);
  demoteRepeatedLabels(units);
  chooseNumberedChapters(units, evidence);
  if (distributor.title) rankUpperCaseFirst(units);
  promoteSpacedHeadings(units);
  const flow = buildFlow(units, layout, index);
  markQuotes(flow, layout.wrapped);

  // Notes gathered at the end of the text make a chapter of their own.
  let trailing = 0;
  for (let i = flow.length - 1; i >= 0; i--) {
    const item = flow[i];
    if (item?.type === "block" && item.block.kind === "footnote") trailing++;
    else break;
  }
  if (trailing >= 2)
    flow.splice(flow.length - trailing, 0, { type: "heading", level: 0, text: "Notes" });

  for (const item of flow) {
    if (item.type !== "block") continue;
    item.block.text = restoreLostHyphens(item.block.text);
    // A short fragment left open in a wrapped layout is a pull quote or caption, not prose.
    const { block } = item;
    if (
      layout.wrapped &&
      block.kind === "paragraph" &&
      block.text.length < 100 &&
      !/[.!?:;…"”’]$/.test(block.text)
    ) {
      block.kind = "caption";
    }
  }
  const chapters = chaptersFromFlow(flow, title).filter((chapter) => {
    if (!TRANSCRIBER_SECTION.test(chapter.title)) return true;
    const text = chapter.blocks.map((block) => block.text).join(" ");
    removed.push({
      reason: "transcriber-note",
      excerpt: `${chapter.title}: ${text}`.slice(0, 200),
      characters: text.length,
    });
    return false;
  });
  linkFootnotes(chapters);
  const opening = flow
    .filter((item) => item.type === "block")
    .map((item) => (item as { block: Block }).block.text);
  const doubtfulByText = new Map<string, string>();
  for (const unit of units) {
    if (unit.t === "heading" && unit.doubtful) doubtfulByText.set(unit.text, unit.doubtful);
  }
  const doubtfulHeadings: DoubtfulHeading[] = [];
  chapters.forEach((chapter, chapterIndex) => {
    const reason = doubtfulByText.get(chapter.title);
    if (reason) doubtfulHeadings.push({ chapterIndex, title: chapter.title, reason });
  });
  const outline: Outline = {
    title,
    author: author ?? authorFromProse(opening),
    language: distributor.language ?? guessLanguage(normalized),
    chapters,
  };
  if (removed.length > 0 || doubtfulHeadings.length > 0)
    outline.notes = { removed, doubtfulHeadings };
  return outline;
}

/**
 * The title page of an e-text whose header already gave title and author: the short lines
 * (title, imprint, edition notes) before the first heading with a division word or section
 * word, or before the first paragraph of three or more lines, whichever comes first.
 */
function removeTitlePage(lines: string[], removed: RemovedPart[]): string[] {
  // A section word or numbered heading near the top ends the title page wherever it stands.
  const TITLE_PAGE_LINES = 90;
  for (let i = 0, nonBlank = 0; i < lines.length && nonBlank < TITLE_PAGE_LINES; i++) {
    const t = lines[i]?.trim() ?? "";
    if (!t) continue;
    nonBlank++;
    const alone = !(lines[i - 1] ?? "").trim() && !(lines[i + 1] ?? "").trim();
    const heading = numberedHeading(t);
    if (alone && (heading !== null || SECTION_WORDS.test(t)) && t.length <= 60) {
      return dropTitlePage(lines, i, removed);
    }
  }
  let end = 0;
  let run = 0;
  let longLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]?.trim() ?? "";
    if (!t) {
      run = 0;
      longLines = 0;
      continue;
    }
    const heading = numberedHeading(t);
    const headingAlone = heading !== null && !(lines[i + 1] ?? "").trim();
    if (!run && (heading?.keyword || headingAlone || SECTION_WORDS.test(t))) {
      end = i;
      break;
    }
    run++;
    // Prose: three lines or more, two of them running to the usual width of an e-text line.
    if (t.length >= 55) longLines++;
    if (run >= 3 && longLines >= 2) {
      end = i - run + 1;
      break;
    }
  }
  return dropTitlePage(lines, end, removed);
}

function dropTitlePage(lines: string[], end: number, removed: RemovedPart[]): string[] {
  const page = lines.slice(0, end).filter((line) => line.trim());
  if (page.length === 0 || page.length > 40) return lines;
  removed.push({
    reason: "front-matter",
    excerpt: page.join(" / ").slice(0, 200),
    characters: page.reduce((sum, line) => sum + line.length, 0),
  });
  return [...new Array<string>(end).fill(""), ...lines.slice(end)];
}

/**
 * An upper-case line that comes back again and again ("ROPER.", "MRS. UPJOHN.") is a
 * speaker's name in a play or a repeated label, not a heading: a book does not repeat a
 * chapter title three times.
 */
function demoteRepeatedLabels(units: Unit[]): void {
  const counts = new Map<string, number>();
  for (const unit of units) {
    if (unit.t === "heading" && unit.numbered === undefined && !unit.listed)
      counts.set(unit.text, (counts.get(unit.text) ?? 0) + 1);
  }
  units.forEach((unit, at) => {
    if (unit.t !== "heading" || unit.numbered !== undefined || unit.listed) return;
    // "SCENE" over each act's stage direction is a structural label: it stays a heading.
    if ((counts.get(unit.text) ?? 0) < 3 || isBareDivisionWord(unit.text)) return;
    units[at] = { t: "line", text: unit.text, line: unit.line, indent: false, blankBefore: true };
  });
}

/**
 * E-texts set chapter headings further apart (four blank lines before them in Project
 * Gutenberg's convention) than the sections inside a chapter. A section heading with as wide
 * a gap as the numbered chapters have is a chapter too: the essays printed after a
 * book's last numbered chapter, an afterword.
 */
function promoteSpacedHeadings(units: Unit[]): void {
  const headings = units.filter(
    (unit): unit is Extract<Unit, { t: "heading" }> => unit.t === "heading",
  );
  const chapterGaps = headings
    .filter((unit) => unit.numbered !== undefined && unit.level === 1)
    .map((unit) => unit.gap ?? 0);
  if (chapterGaps.length < 2) return;
  const chapterGap = median(chapterGaps);
  if (chapterGap < 3) return;
  for (const unit of headings) {
    // "FOOTNOTES:" introduces what follows; it names no section of the book.
    const label = /:$/.test(unit.text);
    if (unit.level > 1 && !unit.doubtful && !label && (unit.gap ?? 0) >= chapterGap) unit.level = 1;
  }
}

/**
 * E-text transcriptions set headings in capitals; a mixed-case line standing alone there is
 * more often a signature, date or attribution. So in an e-text the upper-case heads rank
 * above title-like lines (in page layouts it is the other way round).
 */
function rankUpperCaseFirst(units: Unit[]): void {
  for (const unit of units) {
    if (unit.t !== "heading" || unit.numbered !== undefined) continue;
    if (unit.level === 3) unit.level = 2;
    else if (unit.level === 2) unit.level = 3;
  }
}

/** "THE END", "FINIS", "F I N I S.", "FIN", "ENDE", "КОНЕЦ" standing alone. */
const END_MARK = /^(?:the\s*end|finis|fin|ende|конец)\.?$/i;
/** Only the last part of a text can hold its end mark. */
const END_MARK_FRACTION = 0.15;

/**
 * What an e-text appends after the book's own end mark (reviews, quotations, notes by the
 * transcriber) is not the book; the end mark itself goes too.
 */
function cutAfterEndMark(lines: string[], removed: RemovedPart[]): string[] {
  const from = Math.floor(lines.length * (1 - END_MARK_FRACTION));
  for (let i = lines.length - 1; i >= from; i--) {
    const t = (lines[i] ?? "").trim().replace(/(?<=\p{L})\s+(?=\p{L}|\.)/gu, "");
    if (!END_MARK.test(t)) continue;
    const after = lines
      .slice(i + 1)
      .join("\n")
      .trim();
    if (after)
      removed.push({
        reason: "other",
        excerpt: collapseSpace(after).slice(0, 200),
        characters: after.length,
      });
    return lines.slice(0, i);
  }
  return lines;
}

/** A section the transcriber or producer of an e-text added: not part of the book. */
const TRANSCRIBER_SECTION =
  /^(?:transcriber|transcriber's|transcriber’s|producer's|producer’s|notes? de transcription|anmerkungen? zur transkription|nota del transcriptor)\b/i;

/** "by", "par", "von", "translated by …": a byline, not a heading. */
const BYLINE =
  /^(?:by|par|von|por|de|от|written by|translated by|traduit par|übersetzt von|traducido por|translated from the .+ by)\b.{0,80}$/i;
const BARE_BYWORD = /^(?:by|par|von|por|de|от)$/i;

/**
 * Title-page lines of an e-text that carries its title and author in its header: a line
 * standing alone that repeats the title, names the author, or is a byline. The title
 * page is front matter, not a chapter.
 */
function removeTitlePageLines(
  lines: string[],
  title: string,
  author: string | null,
  removed: RemovedPart[],
): string[] {
  const titleKey = headingKey(title);
  const authorKey = author ? headingKey(author) : null;
  const out = [...lines];
  let characters = 0;
  const excerpts: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const t = out[i]?.trim() ?? "";
    if (!t || t.length > 90) continue;
    const alone = !(out[i - 1] ?? "").trim() && !(out[i + 1] ?? "").trim();
    if (!alone) continue;
    const key = headingKey(t);
    const isTitle = key === titleKey;
    const isAuthor = authorKey !== null && key === authorKey;
    const isByline =
      BARE_BYWORD.test(t) ||
      (BYLINE.test(t) &&
        !isTerminated(t) &&
        (/^(?:translated|traduit|übersetzt|traducido)/i.test(t) ||
          authorKey === null ||
          key.includes(authorKey.split(" ").pop() ?? "\u0000")));
    if (isTitle || isAuthor || isByline) {
      characters += t.length;
      if (excerpts.join(" / ").length < 160) excerpts.push(t);
      out[i] = "";
    }
  }
  if (characters > 0)
    removed.push({ reason: "front-matter", excerpt: excerpts.join(" / "), characters });
  return out;
}
