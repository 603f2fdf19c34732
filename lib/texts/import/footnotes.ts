import type { Block, OutlineChapter } from "./types";

/** "[12] text", "[^note] text" or "[^note]: text" at the start of a block is a footnote. */
const NOTE_START = /^\[(\^?[\w-]{1,12})\]:?\s+(?=\S)/;
/** A mark in running text: "[12]", "[ 12]", "[^note]". */
const NOTE_MARK = /\[\s?(\^?[\w-]{1,12})\]/g;

function label(raw: string): string {
  return raw.replace(/^\^/, "");
}

/**
 * Turns blocks that start with a note label into footnote blocks and lists, on every other
 * block, the notes its marks point to. A mark resolves to a note in the same chapter first
 * (numbering often restarts per chapter), else to the only note with that label anywhere
 * (a trailing "Notes" chapter). Marks with no note stay plain text.
 */
export function linkFootnotes(chapters: OutlineChapter[]): void {
  // Notes whose id the source declared (HTML/EPUB ids) keep it; refs already point there.
  type Note = { chapter: number; block: Block; label: string; declared: boolean };
  const notes: Note[] = [];
  chapters.forEach((chapter, chapterIndex) => {
    for (const block of chapter.blocks) {
      if (block.kind === "footnote" && block.footnoteId) {
        notes.push({ chapter: chapterIndex, block, label: block.footnoteId, declared: true });
        continue;
      }
      if (block.kind !== "paragraph" && block.kind !== "footnote") continue;
      const match = NOTE_START.exec(block.text);
      if (!match?.[1]) continue;
      block.kind = "footnote";
      notes.push({ chapter: chapterIndex, block, label: label(match[1]), declared: false });
    }
  });
  if (notes.length === 0) return;

  const labelCount = new Map<string, number>();
  for (const note of notes) labelCount.set(note.label, (labelCount.get(note.label) ?? 0) + 1);
  for (const note of notes) {
    if (note.declared) continue;
    note.block.footnoteId =
      (labelCount.get(note.label) ?? 0) > 1 ? `${note.label}-${note.chapter + 1}` : note.label;
  }

  // Looked up by label and chapter: scanning every note for every mark was quadratic.
  const byLabel = new Map<string, Note[]>();
  const byLabelAndChapter = new Map<string, Note>();
  for (const note of notes) {
    byLabel.set(note.label, [...(byLabel.get(note.label) ?? []).slice(0, 1), note]);
    const key = `${note.chapter}\n${note.label}`;
    if (!byLabelAndChapter.has(key)) byLabelAndChapter.set(key, note);
  }
  chapters.forEach((chapter, chapterIndex) => {
    for (const block of chapter.blocks) {
      if (block.kind === "footnote") continue;
      const refs = new Set<string>(block.footnoteRefs ?? []);
      for (const match of block.text.matchAll(NOTE_MARK)) {
        const wanted = label(match[1] ?? "");
        const candidates = byLabel.get(wanted) ?? [];
        const note =
          byLabelAndChapter.get(`${chapterIndex}\n${wanted}`) ??
          (candidates.length === 1 ? candidates[0] : undefined);
        const id = note?.block.footnoteId;
        if (id) refs.add(id);
      }
      if (refs.size > 0) block.footnoteRefs = [...refs];
    }
  });
}
