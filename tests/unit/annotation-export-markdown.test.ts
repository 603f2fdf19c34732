import { describe, expect, it } from "vitest";
import { toMarkdownExport } from "@/lib/annotations/export/to-markdown-export";
import { renderCommentMarkdown } from "@/lib/annotations/markdown/render-comment-markdown";
import { CHAPTERS, TEXT, THREADS, anchorOn } from "@/tests/fixtures/annotations/moby-dick";

const names: Record<string, string> = { u_cy: "Cyrus", u_bob: "Bob Stubb" };
const exported = toMarkdownExport(
  { text: TEXT, chapters: CHAPTERS, threads: THREADS },
  { resolveName: (id) => names[id] },
);

describe("toMarkdownExport", () => {
  it("writes the whole digest: chapter headings, quoted passages, messages, resolved marks", () => {
    expect(exported).toBe(`# Comments on Moby-Dick

<https://marginalia.test/g/whalers/texts/t_moby>

## Loomings

> Call me Ishmael.

**✓ Resolved**

- **Ann Lee**, 2024-05-01 09:30 UTC (edited)

  Why *Ishmael*?

  - outcast
  - wanderer

- **Bob**, 2024-05-01 11:00 UTC

  Genesis 16.

- **Cyrus**, 2024-05-01 12:00 UTC

  Agreed, @Bob Stubb.

> I find myself

- **Ann Lee**, 2024-05-02 10:00 UTC

  The *second* one.

## The Carpet-Bag

> water-gazers

- _The opening comment was deleted._

- **Ann Lee**, 2024-05-03 09:00 UTC

  Still worth discussing.
`);
  });

  it("leaves out deleted messages and fully deleted threads", () => {
    expect(exported).not.toContain("(oops)");
    expect(exported).not.toContain("pistol and ball");
  });

  it("quotes a passage literally, so its characters cannot become markup", () => {
    const markdown = toMarkdownExport({
      text: TEXT,
      chapters: [{ ...CHAPTERS[0]!, title: "Loomings <b>" }],
      threads: [
        {
          id: "th_q",
          authorId: "u_x",
          createdAt: "2024-01-01T00:00:00.000Z",
          resolved: false,
          anchor: { ...anchorOn("c_1", "p_1", "Call me"), exact: "# not a *heading* <script>" },
          messages: [
            { id: "m", authorId: "u_x", body: "ok", createdAt: "2024-01-01T00:00:00.000Z" },
          ],
        },
      ],
    });
    expect(markdown).toContain("## Loomings \\<b\\>");
    expect(markdown).toContain("> \\# not a \\*heading\\* \\<script\\>");
    // Rendered by our own renderer, the passage stays text.
    expect(renderCommentMarkdown(markdown)).toContain("# not a *heading* &lt;script&gt;");
  });

  it("says so when there is nothing to export", () => {
    expect(toMarkdownExport({ text: TEXT, chapters: CHAPTERS, threads: [] })).toContain(
      "_No comments yet._",
    );
  });
});
