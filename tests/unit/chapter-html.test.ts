import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { chapterHtml, escapeHtml } from "@/lib/texts/chapter-html";
import type { TReaderParagraph } from "@/lib/texts/get-chapter";
import { ReaderParagraph } from "@/app/groups/[groupId]/texts/_components/reader-paragraph";

const base = { footnoteId: null, footnoteRefs: [], citedBy: [], url: "/p" };
const paragraphs: TReaderParagraph[] = [
  { ...base, id: "a1", index: 0, kind: "heading", text: "Chapter <One> & \"Two\" 'Three'" },
  { ...base, id: "a2", index: 1, kind: "paragraph", text: "Plain text, with a note[1] and [^2]." },
  {
    ...base,
    id: "a3",
    index: 2,
    kind: "paragraph",
    text: "A mark [1] linked, another unlinked.",
    footnoteRefs: [
      { footnoteId: "1", paragraphId: "n1", url: "/x#p-n1" },
      { footnoteId: "fn-7", paragraphId: "n7", url: "/y?a=1&b=2#p-n7" },
    ],
  },
  { ...base, id: "a4", index: 3, kind: "list-item", text: "1. Numbered item" },
  { ...base, id: "a5", index: 4, kind: "list-item", text: "Bulleted item" },
  { ...base, id: "a6", index: 5, kind: "quote", text: "A quotation." },
  // Text nobody here wrote: right-to-left scripts, emoji with joiners and skin tones, combining
  // marks, a character outside the BMP next to a footnote mark.
  { ...base, id: "r1", index: 8, kind: "paragraph", text: "قال: «اقرأ» — וְאָמַר: ״קְרָא״ & <done>" },
  {
    ...base,
    id: "r2",
    index: 9,
    kind: "paragraph",
    text: "We read 👩🏽‍💻 and 🇳🇿 together; cafe\u0301 𝔐arginalia[1].",
    footnoteRefs: [{ footnoteId: "1", paragraphId: "n1", url: "/x#p-n1" }],
  },
  {
    ...base,
    id: "n1",
    index: 6,
    kind: "footnote",
    footnoteId: "1",
    text: "1. The note.",
    citedBy: [
      { paragraphId: "a3", url: "/x#p-a3" },
      { paragraphId: "a9", url: "/x#p-a9" },
    ],
  },
  {
    ...base,
    id: "n2",
    index: 7,
    kind: "footnote",
    footnoteId: "2",
    text: "2. Another note.",
    citedBy: [{ paragraphId: "a3", url: "/x#p-a3" }],
  },
];

describe("chapterHtml", () => {
  it("is the markup the reader's ReaderParagraph renders, paragraph by paragraph", () => {
    for (const paragraph of paragraphs)
      expect(chapterHtml([paragraph])).toBe(
        renderToStaticMarkup(createElement(ReaderParagraph, { paragraph })),
      );
  });

  it("escapes text as React does", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;",
    );
  });
});
