import { describe, expect, it } from "vitest";
import { CHAPTERS, COMMENTS, MATCHES, formatCount } from "@/lib/format/count";

describe("counts take the right plural form", () => {
  it("says 1 chapter / 1 match, not 1 chapters / 1 matches", () => {
    expect(formatCount(1, CHAPTERS)).toBe("1 chapter");
    expect(formatCount(1, MATCHES)).toBe("1 match");
    expect(formatCount(0, COMMENTS)).toBe("0 comments");
    expect(formatCount(2, MATCHES)).toBe("2 matches");
  });

  it("groups digits by the reader's locale", () => {
    expect(formatCount(1204, COMMENTS, "en")).toBe("1,204 comments");
    expect(formatCount(1204, COMMENTS, "de")).toBe("1.204 comments");
  });
});
