import { describe, expect, it } from "vitest";
import {
  apiSecurityHeaders,
  contentSecurityPolicy,
  newNonce,
  securityHeaders,
} from "@/lib/http/security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

describe("security headers", () => {
  it("scripts need this request's nonce; no inline or eval outside development", () => {
    const policy = directives(
      contentSecurityPolicy({ nonce: "abc123==", appUrl: "http://localhost:3000" }),
    );
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(policy.get("script-src")).not.toMatch(/unsafe-(inline|eval)/);
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("connect-src")).toBe("'self'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("development allows eval for fast refresh", () => {
    const policy = contentSecurityPolicy({
      nonce: "n",
      appUrl: "http://localhost:3000",
      dev: true,
    });
    expect(directives(policy).get("script-src")).toContain("'unsafe-eval'");
  });

  it("HSTS and upgrade-insecure-requests only when APP_URL is https", () => {
    const plain = securityHeaders({ nonce: "n", appUrl: "http://localhost:3000" });
    expect(plain["strict-transport-security"]).toBeUndefined();
    const secure = securityHeaders({ nonce: "n", appUrl: "https://reading.example.org" });
    expect(secure["strict-transport-security"]).toBe("max-age=63072000");
    expect(secure["content-security-policy"]).toContain("upgrade-insecure-requests");
    for (const headers of [plain, secure]) {
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["x-frame-options"]).toBe("DENY");
    }
  });

  it("nonces are 128 random bits, fresh each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("API answers: a deny-all CSP, no framing, nosniff, HSTS over https", () => {
    const api = apiSecurityHeaders("https://reading.example.org");
    expect(api["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api["x-content-type-options"]).toBe("nosniff");
    expect(api["strict-transport-security"]).toBe("max-age=63072000");
    expect(
      apiSecurityHeaders("http://localhost:3000")["strict-transport-security"],
    ).toBeUndefined();
  });
});
