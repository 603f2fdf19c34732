import { NextResponse } from "next/server";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { appUrl, getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { assertNotCrossSite, mediaTypeEssence } from "@/lib/http/cross-site";
import { apiSecurityHeaders } from "@/lib/http/security-headers";

export const MAX_JSON_BODY_BYTES = 256 * 1024;

export function errorResponse(error: unknown): NextResponse {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.code === "rate_limited") headers["retry-after"] = "60";
    return NextResponse.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        },
      },
      { status: error.status, headers },
    );
  }
  console.error("[http] unhandled error:", error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong." } },
    { status: 500 },
  );
}

/** Reads a JSON body with a size cap; a malformed or oversized body is a clear 400/413. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes)
    throw new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes`);
  // The essence, not a substring: `text/plain; x=application/json` is what a cross-site page
  // can send without a preflight.
  const essence = mediaTypeEssence(request.headers.get("content-type"));
  if (essence !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(essence)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json");
  }
  const text = await readTextCapped(request, maxBytes);
  if (text.trim() === "") throw new AppError("bad_request", "Request body is empty");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "Request body is not valid JSON");
  }
}

/**
 * Reads a body chunk by chunk and stops as soon as it passes the cap, so an oversized body is
 * refused after at most maxBytes have been held, whatever Content-Length claimed (413).
 */
export async function readBytesCapped(
  request: Request,
  maxBytes: number,
  tooLargeMessage = `Request body is larger than ${maxBytes} bytes`,
): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", tooLargeMessage);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("payload_too_large", tooLargeMessage);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readTextCapped(request: Request, maxBytes: number): Promise<string> {
  return (await readBytesCapped(request, maxBytes)).toString("utf8");
}

type RouteContext<Params> = { params: Promise<Params> };

/**
 * The one wrapper every route handler goes through (next-auth's own routes aside, which have
 * their CSRF token): refuses cross-site state changes and form-encoded bodies (see
 * assertNotCrossSite), turns thrown AppErrors into JSON responses (everything else is a bare
 * 500), and marks answers uncacheable unless the route chose its own caching.
 */
export function withErrors<Params>(
  handler: (request: Request, context: RouteContext<Params>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<Params>): Promise<Response> => {
    const env = getEnv();
    let response: Response;
    try {
      assertNotCrossSite(request, { appUrl: appUrl(env), allowedOrigins: env.ALLOWED_ORIGINS });
      response = await handler(request, context);
    } catch (error) {
      response = errorResponse(error);
    }
    return withSecurityHeaders(response, appUrl(env));
  };
}

/**
 * nosniff, no framing, a deny-all CSP, HSTS over https (proxy.ts does this for pages), and
 * no cache: answers may hold a member's data.
 */
function withSecurityHeaders(response: Response, publicUrl: string): Response {
  const extra: Record<string, string> = apiSecurityHeaders(publicUrl);
  if (!response.headers.has("cache-control")) extra["cache-control"] = "private, no-store";
  try {
    for (const [name, value] of Object.entries(extra)) response.headers.set(name, value);
    return response;
  } catch {
    // Response.redirect() and fetched responses have immutable headers: copy them.
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }
}

/** Requires a signed-in user (401 otherwise). */
export function withUser<Params>(
  handler: (request: Request, context: { params: Params; user: SessionUser }) => Promise<Response>,
) {
  return withErrors<Params>(async (request, context) => {
    const user = await getSessionUser();
    if (!user) throw new AppError("unauthorized", "Sign in first");
    return handler(request, { params: await context.params, user });
  });
}

export function clientIpFrom(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}
