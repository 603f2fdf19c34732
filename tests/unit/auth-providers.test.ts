import { describe, expect, it } from "vitest";
import { buildAuthOptions, enabledSignInMethods } from "@/lib/auth/auth-options";
import { parseEnv } from "@/lib/env";

const base = { NEXTAUTH_SECRET: "x".repeat(40) };

describe("sign-in providers", () => {
  it("only email and password without further settings", () => {
    const env = parseEnv(base);
    expect(buildAuthOptions(env).providers.map((p) => p.id)).toEqual(["credentials"]);
    expect(buildAuthOptions(env).adapter).toBeUndefined();
    expect(enabledSignInMethods(env)).toEqual({ github: false, google: false, email: false });
  });

  it("GitHub, Google and e-mailed magic links switch on when their settings are present", () => {
    const env = parseEnv({
      ...base,
      GITHUB_ID: "gh-id",
      GITHUB_SECRET: "gh-secret",
      GOOGLE_CLIENT_ID: "g-id",
      GOOGLE_CLIENT_SECRET: "g-secret",
      EMAIL_SERVER: "smtp://user:pass@smtp.example.org:587",
      EMAIL_FROM: "Marginalia <noreply@example.org>",
    });
    const options = buildAuthOptions(env);
    expect(options.providers.map((p) => p.id).sort()).toEqual([
      "credentials",
      "email",
      "github",
      "google",
    ]);
    // OAuth accounts and magic-link tokens need the adapter; sessions stay JWTs for the socket server.
    expect(options.adapter).toBeDefined();
    expect(options.session?.strategy).toBe("jwt");
    expect(enabledSignInMethods(env)).toEqual({ github: true, google: true, email: true });
  });

  it("half a provider's settings is a configuration error naming the missing one", () => {
    expect(() => parseEnv({ ...base, GOOGLE_CLIENT_ID: "only-id" })).toThrow(
      /GOOGLE_CLIENT_SECRET/,
    );
    expect(() => parseEnv({ ...base, EMAIL_SERVER: "smtp://x" })).toThrow(/EMAIL_FROM/);
  });
});
