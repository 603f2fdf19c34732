/**
 * Browser side of anchoring: DOM Range <-> character offsets in a paragraph's text. A paragraph
 * is an element carrying `data-paragraph-id`; its text is the concatenation of its Text nodes,
 * minus any inside an element marked `data-anchor-ignore` (comment markers, footnote buttons),
 * so that it equals the paragraph text stored on the server.
 *
 * A selection spanning several paragraphs is clamped to the FIRST paragraph it covers text in:
 * a comment anchors to exactly one paragraph, and the reader sees the start of what they
 * selected highlighted. The UI can say "comment on the first paragraph of your selection".
 */

export const PARAGRAPH_ID_ATTRIBUTE = "data-paragraph-id";
export const ANCHOR_IGNORE_ATTRIBUTE = "data-anchor-ignore";

export type TParagraphOffsets = { paragraphId: string; start: number; end: number };

// NodeFilter constants, inlined so this module does not need the DOM globals at import time.
const SHOW_TEXT = 0x4;
const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;

/** The Text nodes that make up a paragraph's anchoring text, in document order. */
export function paragraphTextNodes(paragraph: Element): Text[] {
  const document = paragraph.ownerDocument;
  const walker = document.createTreeWalker(paragraph, SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest(`[${ANCHOR_IGNORE_ATTRIBUTE}]`) ? FILTER_REJECT : FILTER_ACCEPT,
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** The paragraph's anchoring text, as offsets count it. */
export function paragraphText(paragraph: Element): string {
  return paragraphTextNodes(paragraph)
    .map((node) => node.data)
    .join("");
}

/**
 * Offsets of a Range within the first paragraph (under `root`) it selects text in, or null when
 * it selects no paragraph text (collapsed, or only headings/markers).
 */
export function selectionToOffsets(range: Range, root: ParentNode): TParagraphOffsets | null {
  for (const paragraph of root.querySelectorAll(`[${PARAGRAPH_ID_ATTRIBUTE}]`)) {
    if (!range.intersectsNode(paragraph)) continue;
    const paragraphId = paragraph.getAttribute(PARAGRAPH_ID_ATTRIBUTE);
    if (!paragraphId) continue;
    const offsets = rangeOffsetsIn(paragraph, range);
    if (offsets) return { paragraphId, ...offsets };
  }
  return null;
}

function rangeOffsetsIn(paragraph: Element, range: Range): { start: number; end: number } | null {
  let position = 0;
  let start: number | null = null;
  let end: number | null = null;
  for (const node of paragraphTextNodes(paragraph)) {
    const length = node.data.length;
    // Which part of this node lies inside the range: clamp the range's ends to the node.
    const from =
      node === range.startContainer
        ? range.startOffset
        : range.comparePoint(node, 0) >= 0
          ? 0
          : length;
    const to =
      node === range.endContainer
        ? range.endOffset
        : range.comparePoint(node, length) <= 0
          ? length
          : 0;
    if (to > from) {
      start ??= position + from;
      end = position + to;
    }
    position += length;
  }
  return start !== null && end !== null ? { start, end } : null;
}

/**
 * A Range covering `[start, end)` of a paragraph's anchoring text, for painting a highlight, or
 * null when the offsets do not fit the paragraph (its text changed; re-anchor first).
 */
export function offsetsToRange(paragraph: Element, start: number, end: number): Range | null {
  if (start < 0 || end <= start) return null;
  const nodes = paragraphTextNodes(paragraph);
  const range = paragraph.ownerDocument.createRange();
  let position = 0;
  let startSet = false;
  for (const node of nodes) {
    const length = node.data.length;
    // A start on a node boundary belongs to the next node, an end to the previous one, so the
    // range does not begin or end in a neighbour it does not cover.
    if (!startSet && start < position + length) {
      range.setStart(node, start - position);
      startSet = true;
    }
    if (startSet && end <= position + length) {
      range.setEnd(node, end - position);
      return range;
    }
    position += length;
  }
  return null;
}
