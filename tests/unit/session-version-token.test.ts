import { NextResponse } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { clearSessionCookie, reissueSessionCookie } from "@/lib/auth/session-cookie";
import { tokenSessionVersion } from "@/lib/auth/session-version";
import { sessionFromCookieHeader } from "@/lib/auth/socket-session";
import { setEnvDefaults } from "@/lib/env";

const user = { id: "user-1", name: "Ada", email: "ada@example.test", image: null };

function useEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  setEnvDefaults({});
}

afterEach(() =>
  useEnv({ NEXTAUTH_SECRET: undefined, APP_URL: undefined, NEXTAUTH_URL: undefined }),
);

describe("session version in the token", () => {
  it("tokens from before versions count as version 0; anything but an integer too", () => {
    expect(tokenSessionVersion({ sub: "u" })).toBe(0);
    expect(tokenSessionVersion({ sv: 4 })).toBe(4);
    expect(tokenSessionVersion({ sv: "4" })).toBe(0);
    expect(tokenSessionVersion({ sv: 1.5 })).toBe(0);
  });

  it("a reissued cookie carries the new version and reads back through the socket's decoder", async () => {
    useEnv({ NEXTAUTH_SECRET: "s".repeat(40), APP_URL: "http://localhost:3000" });
    const response = NextResponse.json({ ok: true });
    await reissueSessionCookie(response, { ...user, sessionVersion: 3 });
    const cookie = response.cookies.get("next-auth.session-token");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("lax");
    expect(cookie?.secure).toBe(false);
    expect(await sessionFromCookieHeader(`next-auth.session-token=${cookie?.value ?? ""}`)).toEqual(
      { userId: "user-1", sessionVersion: 3 },
    );
    // Signed with another secret: not a session.
    useEnv({ NEXTAUTH_SECRET: "t".repeat(40) });
    expect(await sessionFromCookieHeader(`next-auth.session-token=${cookie?.value ?? ""}`)).toBe(
      null,
    );
  });

  it("behind https the cookie is next-auth's __Secure- one; clearing expires it", async () => {
    useEnv({ NEXTAUTH_SECRET: "s".repeat(40), APP_URL: "https://reading.example.test" });
    const response = NextResponse.json({ ok: true });
    await reissueSessionCookie(response, { ...user, sessionVersion: 1 });
    expect(response.cookies.get("__Secure-next-auth.session-token")?.secure).toBe(true);
    const cleared = NextResponse.json({ ok: true });
    clearSessionCookie(cleared);
    expect(cleared.cookies.get("__Secure-next-auth.session-token")).toMatchObject({
      value: "",
      maxAge: 0,
    });
  });
});
