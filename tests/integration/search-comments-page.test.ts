import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
});
afterAll(async () => server?.stop());

it("GET /groups/{id}/search - comments join the group's search, linked to their passage", async () => {
  const client = new CollabClient(server.url, cast.clients.member.cookieHeader());
  await client.connected();
  await client.command(`chapter:${fixture.chapterId}`, "comment.create", {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor: anchorFor(fixture.chapterId, fixture.paragraphIds[0] ?? ""),
    body: "The nomenklatura <script>alert(1)</script> deserves a closer look",
  });
  client.close();
  const page = await cast.clients.owner.request(`/groups/${fixture.groupId}/search?q=nomenklatura`);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain("In the margins");
  expect(html).toContain("<mark>nomenklatura</mark>");
  expect(html).toContain(`#p-${fixture.paragraphIds[0]}`);
  expect(html).not.toContain("<script>alert(1)</script>");
});
