import { NextResponse, type NextRequest } from "next/server";
import { appUrl, getEnv } from "@/lib/env";
import { newNonce, securityHeaders } from "@/lib/http/security-headers";

/**
 * Every page and API answer gets the security headers; pages get a fresh CSP nonce. Next reads
 * the nonce from the request's Content-Security-Policy header and puts it on its own scripts;
 * our inline scripts read it from `x-nonce` (see ThemeScript).
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    appUrl: appUrl(env),
    dev: env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", headers["content-security-policy"] ?? "");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only. API routes get the same headers from their wrapper (lib/http/route.ts): a proxy
  // in front of them would buffer each request body before the route could refuse it (a
  // declared 11 MB upload would be waited for instead of answered 413). Static build files are
  // immutable and carry no user data.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
