/**
 * Issue 18.3: every absolute URL the app hands out is built on APP_URL, whatever host the request
 * came in on. The server runs with APP_URL=https://reading.example.org and is called on
 * http://127.0.0.1:PORT (as behind a proxy): invite links, calendar feed URLs and the URLs inside
 * the feeds, annotation exports, and the e-mails (invitation, password reset) all point at the
 * configured origin and never at the address the request used.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findFreePort } from "@/lib/db/embedded-postgres";
import { db } from "@/lib/db/prisma";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withSmtpInbox } from "@/tests/helpers/smtp-inbox";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const APP_URL = "https://reading.example.org";
const inbox = withSmtpInbox();
const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;

beforeAll(async () => {
  server = await startTestServer({
    databaseUrl: database.url(),
    env: {
      // The ready line names APP_URL, so the port is chosen here to call the server directly.
      PORT: String(await findFreePort()),
      APP_URL,
      EMAIL_SERVER: inbox.url(),
      EMAIL_FROM: "Marginalia <reading@example.org>",
    },
  });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
}, 300_000);
afterAll(async () => server?.stop());

/** Every http(s) URL in a text, vocabularies of the formats left out. */
function urlsIn(text: string): string[] {
  return (
    [...text.matchAll(/(?:https?|webcal):\/\/[^\s"'<>)\]\\]+/g)]
      .map((match) => match[0])
      // Vocabulary and specification IRIs (JSON-LD contexts, a FragmentSelector's conformsTo) are
      // names, not links into this app.
      .filter(
        (url) =>
          !/^https?:\/\/(www\.)?(w3\.org|w3id\.org|schema\.org|purl\.org|tools\.ietf\.org)\//.test(
            url,
          ),
      )
  );
}

function expectOnlyAppUrls(what: string, text: string): void {
  const internal = new URL(server.url);
  expect(text, `${what} names the internal address`).not.toContain(internal.host);
  expect(text, `${what} names localhost`).not.toMatch(/localhost|127\.0\.0\.1/);
  const urls = urlsIn(text);
  expect(urls.length, `${what} has no absolute URL`).toBeGreaterThan(0);
  for (const url of urls)
    expect(url.replace(/^webcal:/, "https:").startsWith(`${APP_URL}/`), `${what}: ${url}`).toBe(
      true,
    );
}

it("invite links and the invitation e-mail", async () => {
  const owner = cast.clients.owner;
  const link = await owner.json<{ url: string }>(`/api/groups/${fixture.groupId}/invites`, {
    method: "POST",
    json: {},
  });
  expect(link.status).toBe(201);
  expectOnlyAppUrls("invite response", JSON.stringify(link.body));

  const addressee = `invited-${randomUUID().slice(0, 8)}@example.test`;
  const emailed = await owner.json<{ emailed: boolean }>(`/api/groups/${fixture.groupId}/invites`, {
    method: "POST",
    json: { email: addressee },
  });
  expect(emailed.status).toBe(201);
  expect(emailed.body.emailed).toBe(true);
  expectOnlyAppUrls("invite response (e-mail)", JSON.stringify(emailed.body));
  const mail = inbox.received.find((message) => message.to.includes(addressee));
  expect(mail).toBeDefined();
  expectOnlyAppUrls(
    "invitation e-mail",
    `${mail?.mail.text ?? ""}\n${String(mail?.mail.html || "")}`,
  );

  const listed = await owner.json(`/api/groups/${fixture.groupId}/invites`);
  expect(JSON.stringify(listed.body)).not.toMatch(/127\.0\.0\.1|localhost/);
});

it("the password reset e-mail", async () => {
  const response = await cast.clients.anonymous.request("/api/password-resets", {
    method: "POST",
    json: { email: cast.users.target.email },
  });
  expect(response.status).toBe(202);
  const deadline = Date.now() + 15_000;
  while (
    !inbox.received.some((m) => m.to.includes(cast.users.target.email)) &&
    Date.now() < deadline
  )
    await new Promise((resolve) => setTimeout(resolve, 100));
  const mail = inbox.received.find((message) => message.to.includes(cast.users.target.email));
  expect(mail).toBeDefined();
  expectOnlyAppUrls("password reset e-mail", mail?.mail.text ?? "");
});

it("calendar feed URLs and the URLs inside the feeds", async () => {
  const member = cast.clients.member;
  for (const path of [`/api/groups/${fixture.groupId}/calendar`, "/api/me/calendar"]) {
    const feed = await member.json<{ url: string }>(path);
    expect(feed.status).toBe(200);
    expectOnlyAppUrls(`${path} response`, JSON.stringify(feed.body));
    const ics = await fetch(new URL(new URL(feed.body.url).pathname, server.url));
    expect(ics.status).toBe(200);
    expectOnlyAppUrls(`${path} feed`, await ics.text());
  }
  const single = await member.request(`/api/sessions/${fixture.sessionId}/ics`);
  expect(single.status).toBe(200);
  expectOnlyAppUrls("one session's .ics", await single.text());
});

it("annotation exports (JSON-LD and Markdown)", async () => {
  const doc = `chapter:${fixture.chapterId}`;
  const writer = new CollabClient(server.url, cast.clients.member.cookieHeader());
  await writer.connected();
  expect((await writer.join(doc)).ok).toBe(true);
  const ack = await writer.command(doc, "comment.create", {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? "", "Secret"),
    body: "A comment to export",
  });
  expect(ack.ok).toBe(true);
  writer.close();
  expect(await db.comment.count({ where: { chapterId: fixture.chapterId } })).toBeGreaterThan(0);
  for (const format of ["jsonld", "markdown"]) {
    const exported = await cast.clients.member.request(
      `/api/texts/${fixture.textId}/annotations?format=${format}`,
    );
    expect(exported.status).toBe(200);
    expectOnlyAppUrls(`annotation export (${format})`, await exported.text());
  }
});

it("no warning floods in the server's log after that realtime and HTTP run", () => {
  const output = server.output();
  expect(output).not.toMatch(/client is already executing a query/);
  expect(output).not.toMatch(/Changed the client-id/);
  expect(output).not.toMatch(/DeprecationWarning/);
});
