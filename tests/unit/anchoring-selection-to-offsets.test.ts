// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { reanchor } from "@/lib/annotations/anchoring/reanchor";
import {
  offsetsToRange,
  paragraphText,
  selectionToOffsets,
} from "@/lib/annotations/anchoring/selection-to-offsets";

function mount(html: string): HTMLElement {
  const root = document.createElement("article");
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

function paragraph(root: ParentNode, id: string): Element {
  const element = root.querySelector(`[data-paragraph-id="${id}"]`);
  if (!element) throw new Error(`fixture: no paragraph ${id}`);
  return element;
}

function textNode(element: Element, index: number): Text {
  const texts: Text[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  const text = texts[index];
  if (!text) throw new Error(`fixture: no text node ${index}`);
  return text;
}

let root: HTMLElement;
beforeEach(() => {
  root = mount(
    `<h2>Chapter One</h2>` +
      `<p data-paragraph-id="p1">Call me <em>Ishmael</em>. Some years ago<button data-anchor-ignore>💬 2</button>, never mind how long.</p>` +
      `<p data-paragraph-id="p2">It is a way I have of driving off the spleen.</p>`,
  );
});

describe("selectionToOffsets", () => {
  it("counts offsets across inline elements and skips ignored markers", () => {
    const p1 = paragraph(root, "p1");
    expect(paragraphText(p1)).toBe("Call me Ishmael. Some years ago, never mind how long.");
    const range = document.createRange();
    range.setStart(textNode(p1, 1), 2); // "hmael" inside <em>
    range.setEnd(textNode(p1, 4), 7); // ", never" after the button
    const offsets = selectionToOffsets(range, root);
    expect(offsets).toEqual({ paragraphId: "p1", start: 10, end: 38 });
    expect(paragraphText(p1).slice(10, 38)).toBe("hmael. Some years ago, never");
  });

  it("accepts boundaries given as element offsets", () => {
    const p2 = paragraph(root, "p2");
    const range = document.createRange();
    range.selectNodeContents(p2);
    expect(selectionToOffsets(range, root)).toEqual({ paragraphId: "p2", start: 0, end: 45 });
  });

  it("clamps a selection spanning paragraphs to the first paragraph", () => {
    const range = document.createRange();
    range.setStart(textNode(paragraph(root, "p1"), 4), 2);
    range.setEnd(textNode(paragraph(root, "p2"), 0), 8);
    expect(selectionToOffsets(range, root)).toEqual({ paragraphId: "p1", start: 33, end: 53 });
  });

  it("skips a heading at the start of the selection", () => {
    const range = document.createRange();
    range.setStart(root.querySelector("h2")!.firstChild!, 3);
    range.setEnd(textNode(paragraph(root, "p1"), 0), 4);
    expect(selectionToOffsets(range, root)).toEqual({ paragraphId: "p1", start: 0, end: 4 });
  });

  it("returns null for a collapsed selection or one outside paragraphs", () => {
    const collapsed = document.createRange();
    collapsed.setStart(textNode(paragraph(root, "p2"), 0), 3);
    expect(selectionToOffsets(collapsed, root)).toBeNull();
    const heading = document.createRange();
    heading.selectNodeContents(root.querySelector("h2")!);
    expect(selectionToOffsets(heading, root)).toBeNull();
  });
});

describe("offsetsToRange", () => {
  it("builds a range whose text is the slice of the paragraph text", () => {
    const p1 = paragraph(root, "p1");
    const range = offsetsToRange(p1, 5, 20);
    expect(range?.toString()).toBe("me Ishmael. Som");
    expect(range?.startContainer).toBe(textNode(p1, 0));
  });

  it("starts in the next node when the start falls on a node boundary", () => {
    const p1 = paragraph(root, "p1");
    const range = offsetsToRange(p1, 8, 15);
    expect(range?.startContainer).toBe(textNode(p1, 1));
    expect(range?.startOffset).toBe(0);
    expect(range?.toString()).toBe("Ishmael");
  });

  it("returns null when the offsets no longer fit the paragraph", () => {
    expect(offsetsToRange(paragraph(root, "p2"), 40, 99)).toBeNull();
    expect(offsetsToRange(paragraph(root, "p2"), 4, 4)).toBeNull();
  });

  it("round-trips: DOM selection -> selectors -> re-anchor after an edit -> highlight range", () => {
    const p1 = paragraph(root, "p1");
    const range = document.createRange();
    range.setStart(textNode(p1, 2), 2);
    range.setEnd(textNode(p1, 2), 16);
    const offsets = selectionToOffsets(range, root)!;
    const anchor = {
      chapterId: "c1",
      paragraphId: offsets.paragraphId,
      ...describeSelection(paragraphText(p1), offsets.start, offsets.end),
    };
    expect(anchor.exact).toBe("Some years ago");

    p1.insertBefore(document.createTextNode("Chapter 1. "), p1.firstChild);
    const moved = reanchor(anchor, paragraphText(p1));
    expect(moved.status).toBe("moved");
    expect(offsetsToRange(p1, moved.start, moved.end)?.toString()).toBe("Some years ago");
  });
});
