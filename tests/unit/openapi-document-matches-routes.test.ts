/**
 * The OpenAPI document against the route handlers that exist: every (path, method) exported by
 * app/api/**\/route.ts is documented, nothing else is, the document is valid OpenAPI 3.1, and
 * request bodies are the zod schemas the use cases parse. The 405 table is checked here too.
 */
import { describe, expect, it } from "vitest";
import { ZCreateGroupInput } from "@/lib/groups/group-schemas";
import { API_ROUTES } from "@/lib/http/api-routes.generated";
import { allowedMethods, matchApiRoute, methodNotAllowed } from "@/lib/http/api-routes";
import { openApiDocument, type TOpenApiDocument } from "@/lib/openapi/document";
import { ZSeriesInput } from "@/lib/sessions/plan-session-series";
import { discoverApiRoutes, exportedMethods } from "@/scripts/lib/api-routes";
import { OPERATION_METHODS, openApiStructureProblems } from "@/tests/helpers/openapi";

/** Next.js answers these itself (HEAD from GET, OPTIONS with Allow): not separate operations. */
const AUTOMATIC = new Set(["HEAD", "OPTIONS"]);
/** The JSON 404 for paths no route handles: the fallback, documented as the 404 answer. */
const NOT_FOUND_CATCH_ALL = "/api/{...notFound}";

type RouteList = { path: string; methods: string[] }[];

/** "GET /api/groups" lines: documented but not routed, and routed but not documented. */
function compare(routes: RouteList, document: TOpenApiDocument) {
  const routed = new Set(
    routes
      .filter((route) => route.path !== NOT_FOUND_CATCH_ALL)
      .flatMap((route) =>
        route.methods
          .filter((method) => !AUTOMATIC.has(method))
          // next-auth's catch-all is documented as one `{nextauth}` segment.
          .map((method) => `${method} ${route.path.replace(/\{\.\.\.(\w+)\}/, "{$1}")}`),
      ),
  );
  const documented = new Set(
    Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      OPERATION_METHODS.filter((method) => item[method]).map(
        (method) => `${method.toUpperCase()} ${path}`,
      ),
    ),
  );
  return {
    undocumented: [...routed].filter((line) => !documented.has(line)).sort(),
    notRouted: [...documented].filter((line) => !routed.has(line)).sort(),
    count: routed.size,
  };
}

describe("GET /api/openapi.json - the document against app/api", () => {
  const document = openApiDocument();
  const routes = discoverApiRoutes();

  it("documents every (path, method) a route module exports, and nothing else", () => {
    const { undocumented, notRouted, count } = compare(routes, document);
    expect(undocumented).toEqual([]);
    expect(notRouted).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(88);
  });

  it("the comparison fails for a route it does not know and for a documented path without one (it can fail)", () => {
    const extra = [...routes, { path: "/api/widgets", methods: ["GET"] }];
    expect(compare(extra, document).undocumented).toEqual(["GET /api/widgets"]);
    const fewer = routes.filter((route) => route.path !== "/api/groups");
    expect(compare(fewer, document).notRouted).toEqual(["GET /api/groups", "POST /api/groups"]);
  });

  it("reads exports as route modules write them", () => {
    expect(
      exportedMethods("export const GET = withUser(…);\nexport async function POST() {}"),
    ).toEqual(["GET", "POST"]);
    expect(exportedMethods("export { handler as GET, handler as POST };")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export { record as POST, record as PUT };")).toEqual(["POST", "PUT"]);
    expect(exportedMethods("const GETTER = 1; export const dynamic = 'x';")).toEqual([]);
  });

  it("is valid OpenAPI 3.1 (OpenAPI's own schema; every JSON Schema in it against 2020-12)", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(openApiStructureProblems(document)).toEqual([]);
    const broken = structuredClone(document) as unknown as {
      paths: Record<string, Record<string, unknown>>;
    };
    broken.paths["/api/groups"]!.get = { responses: "none" };
    expect(openApiStructureProblems(broken as unknown as TOpenApiDocument)).not.toEqual([]);
  });

  it("gives every operation a success answer and the error shape for its refusals", () => {
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of OPERATION_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const statuses = Object.keys(operation.responses ?? {});
        expect(
          statuses.some((status) => /^[23]/.test(status)),
          `${method} ${path}`,
        ).toBe(true);
        for (const status of ["405", "500"]) {
          expect(
            JSON.stringify(operation.responses?.[status]),
            `${method} ${path} ${status}`,
          ).toContain("#/components/schemas/Error");
        }
      }
    }
    const error = document.components?.schemas?.Error as {
      properties: { error: { properties: Record<string, unknown>; required: string[] } };
    };
    expect(Object.keys(error.properties.error.properties)).toEqual(["code", "message", "fields"]);
    expect(error.properties.error.required).toEqual(["code", "message"]);
  });

  it("takes request bodies from the zod schemas the use cases parse", () => {
    const body = (path: string, method: "post") =>
      (
        document.paths?.[path]?.[method]?.requestBody as {
          content: Record<
            string,
            { schema: { properties: Record<string, unknown>; required?: string[] } }
          >;
        }
      ).content["application/json"]!.schema;
    const createGroup = body("/api/groups", "post");
    expect(Object.keys(createGroup.properties).sort()).toEqual(
      Object.keys(ZCreateGroupInput.shape).sort(),
    );
    expect(createGroup.required).toEqual(["name"]);
    expect(createGroup.properties.name).toMatchObject({ type: "string", maxLength: 100 });
    const series = body("/api/groups/{groupId}/sessions/series", "post");
    expect(Object.keys(series.properties).sort()).toEqual(Object.keys(ZSeriesInput.shape).sort());
  });

  it("names no server and holds no setting (it is public)", () => {
    const text = JSON.stringify(document);
    expect(document.servers ?? []).toEqual([]);
    expect(text).not.toMatch(/localhost|postgres(ql)?:\/\/|NEXTAUTH_SECRET/);
  });
});

describe("405 table (lib/http/api-routes.generated.ts)", () => {
  it("is up to date with app/api (run npx tsx scripts/api-routes.ts)", () => {
    expect(API_ROUTES).toEqual(discoverApiRoutes());
  });

  it("DELETE /api/groups is not allowed; Allow lists what the route exports plus HEAD and OPTIONS", () => {
    expect(methodNotAllowed("DELETE", "/api/groups")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(methodNotAllowed("GET", "/api/groups")).toBeNull();
    expect(methodNotAllowed("HEAD", "/api/groups")).toBeNull();
  });

  it("picks the route Next.js picks: static before dynamic before catch-all", () => {
    expect(matchApiRoute("/api/groups/g1/texts/preview")?.path).toBe(
      "/api/groups/{groupId}/texts/preview",
    );
    expect(matchApiRoute("/api/texts/t1/annotations/import")?.path).toBe(
      "/api/texts/{textId}/annotations/import",
    );
    expect(matchApiRoute("/api/texts/t1/annotations/th1")?.path).toBe(
      "/api/texts/{textId}/annotations/{threadId}",
    );
    expect(matchApiRoute("/api/invites/pending")?.path).toBe("/api/invites/pending");
    expect(matchApiRoute("/api/auth/callback/credentials")?.path).toBe("/api/auth/{...nextauth}");
    expect(matchApiRoute("/api/no/such/thing")?.path).toBe(NOT_FOUND_CATCH_ALL);
  });

  it("leaves unknown paths to the JSON 404 and other paths to Next.js", () => {
    expect(methodNotAllowed("DELETE", "/api/no/such/thing")).toBeNull();
    expect(methodNotAllowed("DELETE", "/groups")).toBeNull();
    expect(methodNotAllowed("DELETE", "/api/auth/session")).toEqual([
      "GET",
      "HEAD",
      "OPTIONS",
      "POST",
    ]);
  });

  it("every route refuses every method it does not take", () => {
    for (const route of API_ROUTES) {
      const allowed = allowedMethods(route);
      const samplePath = route.path.replace(/\{\.\.\.\w+\}/, "a/b").replace(/\{\w+\}/g, "x1");
      for (const method of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]) {
        expect(methodNotAllowed(method, samplePath), `${method} ${samplePath}`).toEqual(
          allowed.includes(method) ? null : allowed,
        );
      }
    }
  });
});
