import { decode } from "next-auth/jwt";
import { currentSessionVersion, tokenSessionVersion } from "@/lib/auth/session-version";
import { getEnv } from "@/lib/env";

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const raw = part.slice(index + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

function sessionToken(cookies: Map<string, string>): string | undefined {
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    // next-auth splits a large token into name.0, name.1, ...
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++)
      chunks.push(cookies.get(`${name}.${i}`) ?? "");
    if (chunks.length > 0) return chunks.join("");
  }
  return undefined;
}

export type CookieSession = { userId: string; sessionVersion: number };

/**
 * Reads the next-auth session from a raw Node request's cookie header. getToken() cannot be
 * used here: it expects the `cookies` object that only Next's request wrapper fills. The
 * caller must still compare sessionVersion with the user's current one.
 */
export async function sessionFromCookieHeader(
  header: string | undefined,
): Promise<CookieSession | null> {
  const token = sessionToken(parseCookieHeader(header));
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!token || !secret) return null;
  try {
    const payload = await decode({ token, secret });
    if (!payload?.sub) return null;
    if (typeof payload.exp === "number" && payload.exp * 1000 < Date.now()) return null;
    return { userId: payload.sub, sessionVersion: tokenSessionVersion(payload) };
  } catch {
    return null;
  }
}

/** The user id of a session cookie whose version is still the user's current one. */
export async function userIdFromCookieHeader(header: string | undefined): Promise<string | null> {
  const session = await sessionFromCookieHeader(header);
  if (!session) return null;
  const current = await currentSessionVersion(session.userId);
  return current === session.sessionVersion ? session.userId : null;
}
