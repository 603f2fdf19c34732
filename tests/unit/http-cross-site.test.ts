import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors/app-error";
import { assertNotCrossSite, trustedOriginSet } from "@/lib/http/cross-site";
import { parseEnv } from "@/lib/env";

const trusted = {
  appUrl: "https://reading.example.test",
  allowedOrigins: "https://app.example.test, http://localhost:5173/",
};

function outcome(method: string, headers: Record<string, string>): string {
  const request = new Request("http://internal:3000/api/groups/g1/calendar/regenerate", {
    method,
    headers,
  });
  try {
    assertNotCrossSite(request, trusted);
    return "allowed";
  } catch (error) {
    if (!isAppError(error)) throw error;
    return String(error.status);
  }
}

const cookie = "next-auth.session-token=abc";

describe("assertNotCrossSite", () => {
  it.each(["GET", "HEAD", "OPTIONS"])("%s is never refused (it changes nothing)", (method) => {
    expect(outcome(method, { origin: "https://evil.example", cookie })).toBe("allowed");
  });

  it.each([
    ["APP_URL's origin", { origin: "https://reading.example.test" }],
    ["an ALLOWED_ORIGINS entry", { origin: "https://app.example.test" }],
    ["an ALLOWED_ORIGINS entry written with a slash", { origin: "http://localhost:5173" }],
    [
      "the origin the request was sent to",
      { origin: "http://localhost:3000", host: "localhost:3000" },
    ],
    ["Sec-Fetch-Site same-origin without Origin", { "sec-fetch-site": "same-origin" }],
  ])("allows %s", (_label, headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"])
      expect(outcome(method, { ...headers, cookie })).toBe("allowed");
  });

  it.each([
    ["a foreign origin", { origin: "https://evil.example" }],
    ["another port of the same host", { origin: "http://localhost:4000", host: "localhost:3000" }],
    ["another scheme of APP_URL's host", { origin: "http://reading.example.test" }],
    ["a subdomain of APP_URL", { origin: "https://x.reading.example.test" }],
    ["the opaque origin", { origin: "null" }],
    ["an origin with a path", { origin: "https://reading.example.test/x" }],
    ["garbage", { origin: "reading.example.test" }],
    ["Sec-Fetch-Site cross-site without Origin", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site without Origin", { "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site none without Origin", { "sec-fetch-site": "none" }],
    ["a cookie and neither header", {}],
  ])("refuses %s with 403", (_label, headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"])
      expect(outcome(method, { ...headers, cookie })).toBe("403");
  });

  it("a foreign Origin is refused even when Sec-Fetch-Site claims same-origin", () => {
    expect(
      outcome("POST", { origin: "https://evil.example", "sec-fetch-site": "same-origin", cookie }),
    ).toBe("403");
  });

  it("without cookies, Origin or Sec-Fetch-Site (curl, a server) the request carries no one's authority", () => {
    expect(outcome("POST", { "content-type": "application/json" })).toBe("allowed");
  });

  it.each([
    "application/x-www-form-urlencoded",
    "text/plain",
    "text/plain; charset=application/json",
    "TEXT/PLAIN;charset=utf-8",
  ])("refuses a %s body with 415 even from the app's own origin", (contentType) => {
    expect(
      outcome("POST", {
        origin: "https://reading.example.test",
        "content-type": contentType,
        cookie,
      }),
    ).toBe("415");
  });

  it.each(["application/json", "multipart/form-data; boundary=x", "application/ld+json"])(
    "lets %s through from the app's origin (the route decides)",
    (contentType) => {
      expect(
        outcome("POST", { origin: "https://reading.example.test", "content-type": contentType }),
      ).toBe("allowed");
    },
  );
});

describe("trusted origins", () => {
  it("are APP_URL's origin and each ALLOWED_ORIGINS entry, normalised", () => {
    expect([...trustedOriginSet(trusted)]).toEqual([
      "https://reading.example.test",
      "https://app.example.test",
      "http://localhost:5173",
    ]);
  });

  it("a malformed ALLOWED_ORIGINS stops start-up with a clear message", () => {
    expect(() => parseEnv({ ALLOWED_ORIGINS: "https://ok.example, not a url" })).toThrow(
      /ALLOWED_ORIGINS: must be comma-separated http\(s\) origins/,
    );
    expect(() => parseEnv({ ALLOWED_ORIGINS: "javascript:alert(1)" })).toThrow(/ALLOWED_ORIGINS/);
    expect(
      parseEnv({ ALLOWED_ORIGINS: "https://a.example,http://b.example:81" }).ALLOWED_ORIGINS,
    ).toBe("https://a.example,http://b.example:81");
  });
});
