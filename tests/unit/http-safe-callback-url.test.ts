import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/http/safe-callback-url";

const BASE = "https://reading.example.test";

/** Where a browser would land if sent to `path` from a page of BASE. */
function landsOn(path: string): string {
  return new URL(path, BASE).origin;
}

describe("safeCallbackUrl", () => {
  it.each([
    ["/groups/g1", "/groups/g1"],
    ["/groups/g1?tab=texts#top", "/groups/g1?tab=texts#top"],
    ["/invite/abc", "/invite/abc"],
    [`${BASE}/profile`, "/profile"],
    ["/a/../profile", "/profile"],
    // Same scheme as the base without slashes: the parser (and the browser) read it as a path.
    ["https:evil.example", "/evil.example"],
  ])("keeps the same-origin target %j", (value, expected) => {
    expect(safeCallbackUrl(value, "/groups", BASE)).toBe(expected);
  });

  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "http://reading.example.test/",
    "https://reading.example.test:8443/",
    "https://reading.example.test.evil.example/",
    "https://user:pass@reading.example.test/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/%2F..",
    "/.//evil.example",
    "/%2e//evil.example",
    "http://[::1",
  ])("refuses %j", (value) => {
    expect(safeCallbackUrl(value, "/groups", BASE)).toBe("/groups");
  });

  it.each(["/%09/evil.example", "/%2F%2Fevil.example", "/%5C%5Cevil.example", "/%0A/evil.example"])(
    "an encoded form %j stays a path of this site",
    (value) => {
      const result = safeCallbackUrl(value, "/groups", BASE);
      expect(landsOn(result)).toBe(BASE);
      expect(result.startsWith("//")).toBe(false);
    },
  );

  it("empty and missing values fall back", () => {
    expect(safeCallbackUrl(undefined, "/x", BASE)).toBe("/x");
    expect(safeCallbackUrl(null, "/x", BASE)).toBe("/x");
    expect(safeCallbackUrl("", "/x", BASE)).toBe("/x");
  });

  it("whatever it returns, a browser resolves it to this site", () => {
    const tricky = ["/\t/a", "/ok", "//x", "/\\x", "x", "?q=1", "#h", "./x", "../../x"];
    for (const value of tricky) expect(landsOn(safeCallbackUrl(value, "/groups", BASE))).toBe(BASE);
  });
});
