import { decode } from "next-auth/jwt";
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

/**
 * Reads the next-auth session from a raw Node request's cookie header. getToken() cannot be
 * used here: it expects the `cookies` object that only Next's request wrapper fills.
 */
export async function userIdFromCookieHeader(header: string | undefined): Promise<string | null> {
  const token = sessionToken(parseCookieHeader(header));
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!token || !secret) return null;
  try {
    const payload = await decode({ token, secret });
    if (!payload?.sub) return null;
    if (typeof payload.exp === "number" && payload.exp * 1000 < Date.now()) return null;
    return payload.sub;
  } catch {
    return null;
  }
}
