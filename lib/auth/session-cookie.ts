import { encode } from "next-auth/jwt";
import type { NextResponse } from "next/server";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/auth-options";
import { appUrl, getEnv } from "@/lib/env";

/**
 * next-auth's own cookie naming: the `__Secure-` prefix and the Secure flag when the site is
 * served over https (NEXTAUTH_URL, which boot derives from APP_URL).
 */
function sessionCookieName(): { name: string; secure: boolean } {
  const env = getEnv();
  const secure = (env.NEXTAUTH_URL ?? appUrl(env)).startsWith("https://");
  return { name: `${secure ? "__Secure-" : ""}next-auth.session-token`, secure };
}

/**
 * Replaces the caller's session cookie with a fresh token at the user's new session version, so
 * a password change ends every other session but keeps this one signed in. The token has the
 * fields next-auth puts in at sign-in.
 */
export async function reissueSessionCookie(
  response: NextResponse,
  user: { id: string; name: string; email: string; image: string | null; sessionVersion: number },
): Promise<void> {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  const token = await encode({
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
    token: {
      name: user.name,
      email: user.email,
      picture: user.image,
      sub: user.id,
      sv: user.sessionVersion,
    },
  });
  const { name, secure } = sessionCookieName();
  response.cookies.set(name, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
  });
}

/** Clears the caller's session cookie (its token is dead already after a revocation). */
export function clearSessionCookie(response: NextResponse): void {
  const { name, secure } = sessionCookieName();
  response.cookies.set(name, "", { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: 0 });
}
