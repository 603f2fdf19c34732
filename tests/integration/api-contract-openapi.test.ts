/**
 * The API against its OpenAPI document, on the real server and database: GET /api/openapi.json
 * is the generated document; real answers of a representative set of routes (successes and
 * refusals) validate against the document's response schemas (ajv 8, JSON Schema 2020-12); every
 * route answers a method it does not take with 405, the JSON error and `Allow`; feeds end in CRLF.
 */
import type { ValidateFunction } from "ajv8";
import { beforeAll, describe, expect, it } from "vitest";
import { allowedMethods } from "@/lib/http/api-routes";
import { API_ROUTES } from "@/lib/http/api-routes.generated";
import { openApiDocument, type TOpenApiDocument } from "@/lib/openapi/document";
import { HttpClient } from "@/tests/helpers/http-client";
import { openApiValidator, responseSchemaRef } from "@/tests/helpers/openapi";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();
let document: TOpenApiDocument;
let ajv: ReturnType<typeof openApiValidator>;
const checked = new Set<string>();

beforeAll(async () => {
  const anonymous = new HttpClient(ctx.server.url);
  const response = await anonymous.request("/api/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  document = (await response.json()) as TOpenApiDocument;
  ajv = openApiValidator(document);
});

/**
 * Sends a request and checks its answer against the document: the status must be documented
 * for the operation and the JSON body must match that status's schema.
 */
async function call(
  client: HttpClient,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  template: string,
  params: Record<string, string>,
  init: { json?: unknown; query?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const path =
    template.replace(/\{(\w+)\}/g, (_all, name: string) => params[name] ?? `missing-${name}`) +
    (init.query ? `?${init.query}` : "");
  const response = await client.request(path, {
    method,
    ...(init.json !== undefined ? { json: init.json } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.headers ? { headers: init.headers } : {}),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  const operation = document.paths?.[template]?.[method.toLowerCase() as "get"];
  expect(operation, `${method} ${template} is documented`).toBeDefined();
  const status = String(response.status);
  expect(
    Object.keys(operation?.responses ?? {}),
    `${method} ${path} → ${status}: ${text}`,
  ).toContain(status);
  if (text) {
    expect(response.headers.get("content-type")).toContain("application/json");
    const validate = ajv.getSchema(
      responseSchemaRef(template, method.toLowerCase(), status),
    ) as ValidateFunction;
    expect(validate, `${method} ${template} ${status} has a JSON schema`).toBeDefined();
    expect(
      validate(body),
      `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${text}`,
    ).toBe(true);
  }
  checked.add(`${method} ${template} ${status}`);
  return { status: response.status, body };
}

describe("GET /api/openapi.json", () => {
  it("is the generated document, public, and names no server", () => {
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(document.servers ?? []).toEqual([]);
  });
});

describe("answers match the document's response schemas", () => {
  it("successes: groups, members, texts, chapters, search, sessions, account, notifications, health", async () => {
    const { owner, member } = ctx.cast.clients;
    const { groupId, textId, chapterId, sessionId } = ctx.fixture;
    const group = { groupId };

    expect((await call(member, "GET", "/api/groups", {})).status).toBe(200);
    const created = await call(
      member,
      "POST",
      "/api/groups",
      {},
      { json: { name: "Contract readers" } },
    );
    expect(created.status).toBe(201);
    expect((await call(member, "GET", "/api/groups/{groupId}", group)).status).toBe(200);
    expect(
      (
        await call(owner, "PATCH", "/api/groups/{groupId}", group, {
          json: { description: "Still private" },
        })
      ).status,
    ).toBe(200);
    expect((await call(owner, "GET", "/api/groups/{groupId}/members", group)).status).toBe(200);
    expect((await call(member, "GET", "/api/groups/{groupId}/members", group)).status).toBe(200);
    expect((await call(member, "GET", "/api/groups/{groupId}/online", group)).status).toBe(200);
    expect((await call(member, "GET", "/api/groups/{groupId}/invites", group)).status).toBe(403);
    expect((await call(owner, "GET", "/api/groups/{groupId}/invites", group)).status).toBe(200);

    const imported = await call(owner, "POST", "/api/groups/{groupId}/texts", group, {
      json: {
        title: "A contract",
        text: "Chapter 1\n\nThe first words of the contract.\n\nAnd more.",
      },
    });
    expect(imported.status).toBe(201);
    expect((await call(member, "GET", "/api/groups/{groupId}/texts", group)).status).toBe(200);
    expect((await call(member, "GET", "/api/texts/{textId}", { textId })).status).toBe(200);
    expect((await call(member, "GET", "/api/chapters/{chapterId}", { chapterId })).status).toBe(
      200,
    );
    expect(
      (await call(member, "GET", "/api/chapters/{chapterId}/progress", { chapterId })).status,
    ).toBe(200);
    expect(
      (await call(member, "GET", "/api/groups/{groupId}/search", group, { query: "q=contract" }))
        .status,
    ).toBe(200);
    expect((await call(member, "GET", "/api/texts/{textId}/comments", { textId })).status).toBe(
      200,
    );

    expect((await call(member, "GET", "/api/groups/{groupId}/sessions", group)).status).toBe(200);
    const startsAt = new Date(Date.now() + 14 * 86_400_000);
    const session = await call(owner, "POST", "/api/groups/{groupId}/sessions", group, {
      json: {
        title: "On contracts",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        chapterIds: [chapterId],
      },
    });
    expect(session.status).toBe(201);
    expect((await call(member, "GET", "/api/sessions/{sessionId}", { sessionId })).status).toBe(
      200,
    );
    expect(
      (
        await call(
          member,
          "PUT",
          "/api/sessions/{sessionId}/rsvp",
          { sessionId },
          { json: { status: "going" } },
        )
      ).status,
    ).toBe(200);
    expect((await call(member, "GET", "/api/groups/{groupId}/assignments", group)).status).toBe(
      200,
    );
    expect((await call(member, "GET", "/api/groups/{groupId}/calendar", group)).status).toBe(200);
    expect((await call(member, "GET", "/api/me/agenda", {})).status).toBe(200);
    expect((await call(member, "GET", "/api/me/readings", {})).status).toBe(200);

    expect((await call(member, "GET", "/api/users/me", {})).status).toBe(200);
    expect((await call(member, "GET", "/api/notifications", {})).status).toBe(200);
    expect(
      (await call(member, "POST", "/api/notifications/read", {}, { json: { all: true } })).status,
    ).toBe(200);
    expect((await call(new HttpClient(ctx.server.url), "GET", "/api/health", {})).status).toBe(200);
    expect(
      (await call(member, "PATCH", "/api/users/me", {}, { json: { name: "Member Contract" } }))
        .status,
    ).toBe(200);
    expect((await call(member, "GET", "/api/invites/pending", {})).status).toBe(200);
    expect((await call(member, "GET", "/api/me/calendar", {})).status).toBe(200);
    expect((await call(owner, "GET", "/api/groups/{groupId}/progress", group)).status).toBe(200);
    expect((await call(owner, "GET", "/api/groups/{groupId}/flags", group)).status).toBe(200);
    expect(
      (
        await call(member, "GET", "/api/groups/{groupId}/search/comments", group, {
          query: "q=contract",
        })
      ).status,
    ).toBe(200);
    for (const path of [
      "/api/sessions/{sessionId}/marks",
      "/api/sessions/{sessionId}/held-comments",
      "/api/sessions/{sessionId}/recap",
    ] as const)
      expect((await call(member, "GET", path, { sessionId })).status).toBe(200);
  });

  it("refusals: 400 naming the field, 401, 403, 404, 415 all carry { error: { code, message, fields? } }", async () => {
    const { owner, member, outsider } = ctx.cast.clients;
    const anonymous = new HttpClient(ctx.server.url);
    const group = { groupId: ctx.fixture.groupId };

    const invalid = await call(member, "POST", "/api/groups", {}, { json: { name: 123 } });
    expect(invalid).toMatchObject({
      status: 400,
      body: { error: { code: "bad_request", fields: { name: "expected a string, got a number" } } },
    });
    expect((await call(anonymous, "GET", "/api/groups", {})).status).toBe(401);
    expect(
      (await call(member, "PATCH", "/api/groups/{groupId}", group, { json: { name: "Mine" } }))
        .status,
    ).toBe(403);
    expect((await call(outsider, "GET", "/api/groups/{groupId}", group)).status).toBe(404);
    const plain = await call(
      owner,
      "POST",
      "/api/groups",
      {},
      {
        body: "name=x",
        headers: { "content-type": "text/plain" },
      },
    );
    expect(plain.status).toBe(415);
    const badQuery = await call(member, "GET", "/api/groups/{groupId}/search", group, {
      query: "q=",
    });
    expect(badQuery).toMatchObject({
      status: 400,
      body: { error: { fields: { q: expect.any(String) as unknown } } },
    });
    const wrongType = await call(
      member,
      "POST",
      "/api/notifications/read",
      {},
      { json: { ids: "abc" } },
    );
    expect(wrongType).toMatchObject({
      status: 400,
      body: { error: { fields: { ids: expect.any(String) as unknown } } },
    });
  });

  it("checked that many (method, path, status) answers against the document", () => {
    console.log(`[openapi] ${checked.size} answers validated: ${[...checked].sort().join("; ")}`);
    expect(checked.size).toBeGreaterThanOrEqual(42);
  });

  it("the check can fail: a body that breaks the documented shape is refused", () => {
    const validate = ajv.getSchema(
      responseSchemaRef("/api/groups", "get", "200"),
    ) as ValidateFunction;
    expect(validate({ groups: [] })).toBe(true);
    expect(validate({ groups: [{ id: "g", name: 5 }] })).toBe(false);
    const error = ajv.getSchema(responseSchemaRef("/api/groups", "get", "401")) as ValidateFunction;
    expect(error({ error: { code: "unauthorized", message: "Sign in first" } })).toBe(true);
    expect(error({ error: { code: "unauthorized" } })).toBe(false);
    expect(error({ message: "Sign in first" })).toBe(false);
  });
});

describe("unknown paths and methods", () => {
  const errorSchema = () =>
    ajv.getSchema("openapi.json#/components/schemas/Error") as ValidateFunction;

  it("GET /api/no-such-route → 404 not_found as JSON", async () => {
    const response = await ctx.cast.clients.member.request("/api/no-such-route/at/all");
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string } };
    expect(errorSchema()(body)).toBe(true);
    expect(body.error.code).toBe("not_found");
  });

  it("every route answers a method it does not export with 405 method_not_allowed and Allow", async () => {
    const anonymous = new HttpClient(ctx.server.url);
    let refused = 0;
    for (const route of API_ROUTES) {
      const allowed = allowedMethods(route);
      const method = ["DELETE", "PATCH", "PUT", "POST", "GET"].find(
        (name) => !allowed.includes(name),
      );
      if (!method) continue; // the JSON 404 catch-all takes every method
      const path = route.path.replace(/\{\.\.\.\w+\}/, "session").replace(/\{\w+\}/g, "x1");
      const response = await anonymous.request(path, {
        method,
        headers: { origin: ctx.server.url },
      });
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(405);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allowed.join(", "));
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      expect(errorSchema()(body), text).toBe(true);
      expect(body.error.code).toBe("method_not_allowed");
      expect(body.error.message).toContain(method);
      refused++;
    }
    expect(refused).toBe(API_ROUTES.length - 1);
  });

  it("DELETE /api/groups → 405 with Allow: GET, HEAD, OPTIONS, POST; HEAD and OPTIONS still answer", async () => {
    const client = ctx.cast.clients.member;
    const refused = await client.request("/api/groups", { method: "DELETE" });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect(await refused.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    expect((await client.request("/api/groups", { method: "HEAD" })).status).toBe(200);
    const options = await client.request("/api/groups", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });
});

describe("calendar files end with CRLF (RFC 5545 §3.1)", () => {
  it("GET /api/calendar/{token}.ics (with Last-Modified) and GET /api/sessions/{sessionId}/ics", async () => {
    const member = ctx.cast.clients.member;
    const { body } = await member.json<{ url: string }>(
      `/api/groups/${ctx.fixture.groupId}/calendar`,
    );
    const feed = await new HttpClient(ctx.server.url).request(new URL(body.url).pathname);
    expect(feed.status).toBe(200);
    const feedText = await feed.text();
    expect(feedText).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feedText.endsWith("END:VCALENDAR\r\n")).toBe(true);
    // Last-Modified (RFC 9110 §8.8.2), and without If-None-Match it decides a 304.
    const lastModified = feed.headers.get("last-modified");
    expect(lastModified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const again = await new HttpClient(ctx.server.url).request(new URL(body.url).pathname, {
      headers: { "if-modified-since": lastModified! },
    });
    expect(again.status).toBe(304);
    const single = await member.request(`/api/sessions/${ctx.fixture.sessionId}/ics`);
    expect(single.status).toBe(200);
    expect((await single.text()).endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});
