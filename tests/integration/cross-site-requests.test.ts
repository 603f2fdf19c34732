/**
 * Issue 12 (4, 7, 9): a page of another site (another port of the same host included) cannot
 * make a signed-in member's browser change anything, on every route handler of the app; pages
 * and API answers carry the security headers; redirect targets and calendar text are escaped.
 * Routes are discovered from app/api, so a new route is covered without editing this file.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

const UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
const CROSS_SITE = /Cross-site request refused/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/**
 * Every state-changing method of every route handler, next-auth's own routes (CSRF token) aside,
 * and the JSON 404 catch-all (it changes nothing and answers 404 to every method).
 */
const ROUTES = walk("app/api")
  .filter(
    (file) =>
      file.endsWith("route.ts") &&
      !file.includes("[...nextauth]") &&
      !file.includes("[...notFound]"),
  )
  .flatMap((file) => {
    const source = readFileSync(file, "utf8");
    return UNSAFE_METHODS.filter((method) =>
      new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(
        source,
      ),
    ).map((method) => ({ file, method }));
  });

/** A URL for the route: the fixture's ids where it has them, fresh ids elsewhere. */
function urlFor(file: string): string {
  const { fixture, cast } = ctx;
  const ids: Record<string, string> = {
    groupId: fixture.groupId,
    textId: fixture.textId,
    chapterId: fixture.chapterId,
    sessionId: fixture.sessionId,
    inviteId: fixture.inviteId,
    userId: cast.users.target.id,
  };
  return file
    .replace(/^app/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[(\w+)\]/g, (_match, name: string) => ids[name] ?? randomUUID());
}

type Attempt = { label: string; headers: (port: number) => Record<string, string> };

/** What a hostile page can make a browser send, with the member's cookie attached. */
const HOSTILE: Attempt[] = [
  { label: "a foreign Origin", headers: () => ({ origin: "https://evil.example" }) },
  {
    label: "another port of the same host",
    headers: (port) => ({ origin: `http://localhost:${port + 1}` }),
  },
  { label: "the opaque Origin null", headers: () => ({ origin: "null" }) },
  {
    label: "Sec-Fetch-Site cross-site, no Origin",
    headers: () => ({ "sec-fetch-site": "cross-site" }),
  },
  { label: "no Origin and no Sec-Fetch-Site", headers: () => ({}) },
];

async function send(method: string, url: string, headers: Record<string, string>, body?: BodyInit) {
  const response = await fetch(new URL(url, ctx.server.url), {
    method,
    headers,
    body,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe("every state-changing route refuses cross-site requests", () => {
  it("the routes were found", () => {
    expect(ROUTES.length).toBeGreaterThan(40);
    expect(ROUTES).toContainEqual({
      file: "app/api/groups/[groupId]/calendar/regenerate/route.ts",
      method: "POST",
    });
  });

  it.each(ROUTES)("$method $file", async ({ file, method }) => {
    const url = urlFor(file);
    const port = Number(new URL(ctx.server.url).port);
    const cookie = ctx.cast.clients.owner.cookieHeader();
    for (const attempt of HOSTILE) {
      // A form post is what a hostile page sends without a preflight.
      const result = await send(
        method,
        url,
        { cookie, "content-type": "application/x-www-form-urlencoded", ...attempt.headers(port) },
        "role=OWNER",
      );
      expect(result.status, `${attempt.label}: ${result.text.slice(0, 200)}`).toBe(403);
      expect(result.text).toMatch(CROSS_SITE);
    }
    // From the app's own origin a form-encoded or text/plain body is still no JSON.
    for (const contentType of [
      "application/x-www-form-urlencoded",
      "text/plain; x=application/json",
    ]) {
      const result = await send(
        method,
        url,
        { cookie, origin: new URL(ctx.server.url).origin, "content-type": contentType },
        "{}",
      );
      expect(result.status, `${contentType}: ${result.text.slice(0, 200)}`).toBe(415);
    }
    // Control: the same origin gets past the check (anonymous, so nothing changes).
    const control = await send(
      method,
      url,
      {
        origin: new URL(ctx.server.url).origin,
        "content-type": "application/json",
      },
      "{}",
    );
    expect(control.text).not.toMatch(CROSS_SITE);
    expect(control.status).not.toBe(415);
  });
});

describe("the proof of concept: a page on another port regenerating a member's calendar address", () => {
  it("is refused and the address keeps working; the app's own page can still regenerate it", async () => {
    const member = ctx.cast.clients.member;
    const calendar = `/api/groups/${ctx.fixture.groupId}/calendar`;
    const before = await member.json<{ url: string }>(calendar);
    const port = Number(new URL(ctx.server.url).port);
    const hostile = await send(
      "POST",
      `${calendar}/regenerate`,
      {
        cookie: member.cookieHeader(),
        origin: `http://localhost:${port + 1}`,
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-site",
      },
      "",
    );
    expect(hostile.status).toBe(403);
    expect(JSON.parse(hostile.text)).toMatchObject({ error: { code: "forbidden" } });
    expect((await member.json<{ url: string }>(calendar)).body.url).toBe(before.body.url);

    const own = await member.json<{ url: string }>(`${calendar}/regenerate`, { method: "POST" });
    expect(own.status).toBe(200);
    expect(own.body.url).not.toBe(before.body.url);
  });

  it("a cross-site multipart upload imports nothing", async () => {
    const textsBefore = await db.text.count({ where: { groupId: ctx.fixture.groupId } });
    const form = new FormData();
    form.set("file", new Blob(["A text from elsewhere."], { type: "text/plain" }), "x.txt");
    const response = await fetch(
      new URL(`/api/groups/${ctx.fixture.groupId}/texts`, ctx.server.url),
      {
        method: "POST",
        headers: { cookie: ctx.cast.clients.owner.cookieHeader(), origin: "https://evil.example" },
        body: form,
      },
    );
    expect(response.status).toBe(403);
    expect(await db.text.count({ where: { groupId: ctx.fixture.groupId } })).toBe(textsBefore);
  });

  it("a client without cookies and without Origin (curl) is not refused as cross-site", async () => {
    const result = await send("POST", `/api/groups/${ctx.fixture.groupId}/calendar/regenerate`, {});
    expect(result.status).toBe(401);
  });
});

describe("security headers", () => {
  it("a page has a CSP whose fresh nonce is on every script, and the other headers", async () => {
    const owner = ctx.cast.clients.owner;
    const page = `/groups/${ctx.fixture.groupId}/texts/${ctx.fixture.textId}/chapters/${ctx.fixture.chapterId}`;
    const nonces: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const response = await owner.request(page);
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      // Next's bootstrap and chunks, and the reader's inline theme script.
      expect(scripts.length).toBeGreaterThan(2);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      // http here: no HSTS (the https case is in tests/unit/http-security-headers.test.ts).
      expect(response.headers.get("strict-transport-security")).toBeNull();
      nonces.push(nonce ?? "");
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("authenticated JSON is no-store and nosniff", async () => {
    for (const url of [
      `/api/groups/${ctx.fixture.groupId}`,
      "/api/notifications",
      "/api/me/agenda",
    ]) {
      const response = await ctx.cast.clients.member.request(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.headers.get("cache-control")).toContain("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });
});

describe("redirect targets and calendar text", () => {
  it.each([
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%5C/evil.example",
    "//evil.example",
    "https://evil.example/",
  ])("signed in, /sign-in?callbackUrl=%s stays on this site", async (callback) => {
    const response = await ctx.cast.clients.owner.request(`/sign-in?callbackUrl=${callback}`);
    expect(response.status).toBe(307);
    const location = response.headers.get("location") ?? "";
    expect(new URL(location, ctx.server.url).origin).toBe(new URL(ctx.server.url).origin);
  });

  it("a session title with CRLF + BEGIN:VEVENT gives a .ics with one event and the title", async () => {
    const title = "Chapter 1\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged\r\nSUMMARY:Forged";
    const patched = await ctx.cast.clients.owner.json(`/api/sessions/${ctx.fixture.sessionId}`, {
      method: "PATCH",
      json: { title },
    });
    expect(patched.status).toBe(200);
    const response = await ctx.cast.clients.member.request(
      `/api/sessions/${ctx.fixture.sessionId}/ics`,
    );
    expect(response.status).toBe(200);
    const events = Object.values(ical.sync.parseICS(await response.text())).filter(
      (entry) => entry?.type === "VEVENT",
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ summary: title.replaceAll("\r\n", "\n") });
  });
});
