import { describe, expect, it } from "vitest";
import { notificationText } from "@/app/_components/notification-text";
import { commentPlainText, plainTextExcerpt } from "@/lib/annotations/markdown/comment-plain-text";
import { commentExcerpt } from "@/lib/annotations/comment-notifications";

describe("comment summaries are plain text, not raw Markdown", () => {
  it("renders emphasis, links, lists and code away", () => {
    expect(commentPlainText("The **core** of it is _here_: [see](https://example.org).")).toBe(
      "The core of it is here: see.",
    );
    expect(commentPlainText("- first point\n- second point\n\n> quoted")).toBe(
      "first point second point quoted",
    );
    expect(commentPlainText("Use `map()` here\n\n```\nx = 1\n```")).toBe("Use map() here x = 1");
  });

  it("shows mentions as names, by current name when known", () => {
    const body = "Ask @[Rosa Lindqvist](user:cmx5abc) about **this**";
    expect(commentPlainText(body)).toBe("Ask @Rosa Lindqvist about this");
    expect(commentPlainText(body, { mentionName: () => "Rosa L." })).toBe(
      "Ask @Rosa L. about this",
    );
  });

  it("keeps any Unicode and right-to-left text as typed", () => {
    expect(commentPlainText("**שלום** عالم 👋🏽 e\u0301")).toBe("שלום عالم 👋🏽 e\u0301");
  });

  it("cuts at a word boundary with an ellipsis", () => {
    expect(plainTextExcerpt("**alpha** beta gamma delta epsilon", 18)).toBe("alpha beta gamma…");
  });

  it("notification excerpts and lines carry no markup, also for rows stored before", () => {
    expect(commentExcerpt("The **core** claim, @[Ann Lee](user:ann)")).toBe(
      "The core claim, @Ann Lee",
    );
    expect(
      notificationText("comment.mention", {
        actorName: "Bo",
        excerpt: "The **core** claim, @[Ann Lee](user:ann)",
      }),
    ).toBe("Bo mentioned you: “The core claim, @Ann Lee”");
  });
});
