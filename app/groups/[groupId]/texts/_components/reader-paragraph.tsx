import type { ReactNode } from "react";
import type { TFootnoteLink, TReaderParagraph } from "@/lib/texts/get-chapter";

const NOTE_MARK = /\[\s?\^?([\w-]{1,12})\]/g;

function refForLabel(refs: TFootnoteLink[], label: string): TFootnoteLink | undefined {
  return refs.find(
    (ref) => ref.footnoteId === label || new RegExp(`^${label}-\\d+$`).test(ref.footnoteId),
  );
}

/**
 * The paragraph text with its footnote marks turned into links. The element's text stays
 * exactly the stored text (comment anchors count characters in it); links for notes whose mark
 * is not written as "[n]" are added after it, marked to be ignored by anchoring.
 */
function withFootnoteLinks(paragraph: TReaderParagraph): ReactNode[] {
  const refs = paragraph.footnoteRefs;
  if (refs.length === 0) return [paragraph.text];
  const parts: ReactNode[] = [];
  const linked = new Set<string>();
  let last = 0;
  for (const match of paragraph.text.matchAll(NOTE_MARK)) {
    const ref = refForLabel(refs, match[1] ?? "");
    if (!ref) continue;
    parts.push(paragraph.text.slice(last, match.index));
    parts.push(
      <a
        key={`mark-${match.index}`}
        id={`ref-${paragraph.id}-${ref.footnoteId}`}
        href={ref.url}
        className="footnote-mark"
        aria-label={`Note ${match[1]}`}
      >
        {match[0]}
      </a>,
    );
    linked.add(ref.footnoteId);
    last = match.index + match[0].length;
  }
  parts.push(paragraph.text.slice(last));
  for (const ref of refs) {
    if (linked.has(ref.footnoteId)) continue;
    parts.push(
      <sup key={`note-${ref.footnoteId}`} data-anchor-ignore>
        <a href={ref.url} className="footnote-mark" aria-label={`Note ${ref.footnoteId}`}>
          [{ref.footnoteId.replace(/^\D+/, "") || ref.footnoteId}]
        </a>
      </sup>,
    );
  }
  return parts;
}

function BackLinks({ paragraph }: { paragraph: TReaderParagraph }) {
  if (paragraph.citedBy.length === 0) return null;
  return (
    <span data-anchor-ignore className="ml-1 whitespace-nowrap">
      {paragraph.citedBy.map((citing, position) => (
        <a
          key={citing.paragraphId}
          href={citing.url}
          className="footnote-back"
          aria-label={`Back to the text${paragraph.citedBy.length > 1 ? ` (${position + 1})` : ""}`}
        >
          ↩
        </a>
      ))}
    </span>
  );
}

/** One block of a chapter, styled by kind, addressable as #p-<id>. */
export function ReaderParagraph({ paragraph }: { paragraph: TReaderParagraph }) {
  const common = {
    id: `p-${paragraph.id}`,
    "data-paragraph-id": paragraph.id,
    "data-kind": paragraph.kind,
    className: `reader-block reader-${paragraph.kind}`,
    "data-numbered":
      paragraph.kind === "list-item" && /^(\d+|[a-zA-Z]|[ivxlc]+)[.)]\s/.test(paragraph.text)
        ? ""
        : undefined,
  };
  const content = withFootnoteLinks(paragraph);
  switch (paragraph.kind) {
    case "heading":
      return <h3 {...common}>{content}</h3>;
    case "quote":
      return <blockquote {...common}>{content}</blockquote>;
    case "footnote":
      return (
        <p {...common} role="note">
          {content}
          <BackLinks paragraph={paragraph} />
        </p>
      );
    default:
      return <p {...common}>{content}</p>;
  }
}
