import type { ServerResponse } from "node:http";
import { API_ROUTES } from "@/lib/http/api-routes.generated";
import { apiSecurityHeaders } from "@/lib/http/security-headers";

/** One route handler under app/api: its path (`{param}`, `{...catchAll}`) and exported methods. */
export type ApiRoute = { path: string; methods: string[] };

type Segment = { kind: "static"; value: string } | { kind: "param" } | { kind: "catchAll" };

function segmentsOf(routePath: string): Segment[] {
  return routePath
    .split("/")
    .filter(Boolean)
    .map((part): Segment => {
      if (/^\{\.\.\.\w+\}$/.test(part)) return { kind: "catchAll" };
      if (/^\{\w+\}$/.test(part)) return { kind: "param" };
      return { kind: "static", value: part };
    });
}

const COMPILED = API_ROUTES.map((route) => ({ route, segments: segmentsOf(route.path) }));
const RANK = { static: 0, param: 1, catchAll: 2 } as const;

/**
 * The route Next.js would pick for a path, by its rules: a static segment beats a dynamic one,
 * which beats a catch-all, compared from the left. `undefined` when no route handler matches.
 */
export function matchApiRoute(pathname: string): ApiRoute | undefined {
  const parts = pathname.split("/").filter(Boolean);
  const matches = COMPILED.filter(({ segments }) => {
    for (const [index, segment] of segments.entries()) {
      if (segment.kind === "catchAll") return parts.length > index;
      const part = parts[index];
      if (part === undefined) return false;
      if (segment.kind === "static" && segment.value !== part) return false;
    }
    return parts.length === segments.length;
  });
  matches.sort((a, b) => {
    for (let index = 0; index < Math.max(a.segments.length, b.segments.length); index++) {
      const left = a.segments[index];
      const right = b.segments[index];
      if (!left || !right) return left ? -1 : 1;
      if (RANK[left.kind] !== RANK[right.kind]) return RANK[left.kind] - RANK[right.kind];
    }
    return 0;
  });
  return matches[0]?.route;
}

/** What a route answers: its exports plus what Next.js adds (HEAD from GET, OPTIONS), sorted. */
export function allowedMethods(route: ApiRoute): string[] {
  const allowed = new Set(route.methods);
  if (allowed.has("GET")) allowed.add("HEAD");
  allowed.add("OPTIONS");
  return [...allowed].sort();
}

/** The methods to list in `Allow` when `method` is not one of them on this path, else null. */
export function methodNotAllowed(method: string, pathname: string): string[] | null {
  if (!pathname.startsWith("/api/")) return null;
  const route = matchApiRoute(pathname);
  if (!route) return null;
  const allowed = allowedMethods(route);
  return allowed.includes(method.toUpperCase()) ? null : allowed;
}

/**
 * The API's JSON error for a method a route does not export, with `Allow` (RFC 9110 §15.5.6).
 * server.ts answers it before Next.js, whose own 405 has neither a body nor `Allow`.
 */
export function writeMethodNotAllowed(
  response: ServerResponse,
  request: { method: string; pathname: string },
  allowed: string[],
  publicUrl: string,
): void {
  const body = JSON.stringify({
    error: {
      code: "method_not_allowed",
      message: `${request.method} is not allowed on ${request.pathname}; allowed: ${allowed.join(", ")}`,
    },
  });
  response.writeHead(405, {
    ...apiSecurityHeaders(publicUrl),
    allow: allowed.join(", "),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "private, no-store",
  });
  response.end(request.method === "HEAD" ? undefined : body);
}
