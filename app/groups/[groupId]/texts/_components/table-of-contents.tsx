import Link from "next/link";
import type { TChapterLink } from "@/lib/texts/get-chapter";

function ChapterList({ chapters, currentId }: { chapters: TChapterLink[]; currentId: string }) {
  return (
    <ol className="space-y-0.5 text-sm">
      {chapters.map((chapter) => (
        <li key={chapter.id}>
          <Link
            href={chapter.url}
            aria-current={chapter.id === currentId ? "page" : undefined}
            className={`block rounded px-2 py-1 leading-snug ${
              chapter.id === currentId
                ? "bg-accent-soft font-medium text-ink"
                : "text-muted hover:bg-accent-soft hover:text-ink"
            }`}
          >
            {chapter.title}
          </Link>
        </li>
      ))}
    </ol>
  );
}

/** A sticky sidebar (wide screens) or a collapsed list above the text (phones, tablets). */
export function TableOfContents({
  chapters,
  currentId,
  textTitle,
  textUrl,
  variant,
}: {
  chapters: TChapterLink[];
  currentId: string;
  textTitle: string;
  textUrl: string;
  variant: "sidebar" | "collapsible";
}) {
  const position = chapters.findIndex((chapter) => chapter.id === currentId) + 1;
  if (variant === "sidebar") {
    return (
      <nav
        aria-label="Table of contents"
        className="sticky top-4 max-h-[calc(100vh-2rem)] overflow-y-auto pr-2"
      >
        <Link href={textUrl} className="mb-2 block px-2 font-serif font-semibold hover:underline">
          {textTitle}
        </Link>
        <ChapterList chapters={chapters} currentId={currentId} />
      </nav>
    );
  }
  return (
    <details className="mb-6 rounded-lg border border-line">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium">
        Contents{" "}
        <span className="text-muted">
          · chapter {position} of {chapters.length}
        </span>
      </summary>
      <nav aria-label="Table of contents" className="max-h-[60vh] overflow-y-auto px-1 pb-2">
        <ChapterList chapters={chapters} currentId={currentId} />
      </nav>
    </details>
  );
}
