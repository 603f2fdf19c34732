import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const ctx = withServerAndFixture();

it("GET /groups/{id}/search - comments join the group's search, linked to their passage", async () => {
  const client = new CollabClient(ctx.server.url, ctx.cast.clients.member.cookieHeader());
  await client.connected();
  await client.command(`chapter:${ctx.fixture.chapterId}`, "comment.create", {
    threadId: randomUUID(),
    messageId: randomUUID(),
    anchor: anchorFor(ctx.fixture.chapterId, ctx.fixture.paragraphIds[0] ?? ""),
    body: "The nomenklatura <script>alert(1)</script> deserves a closer look",
  });
  client.close();
  const page = await ctx.cast.clients.owner.request(
    `/groups/${ctx.fixture.groupId}/search?q=nomenklatura`,
  );
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain("In the margins");
  expect(html).toContain("<mark>nomenklatura</mark>");
  expect(html).toContain(`#p-${ctx.fixture.paragraphIds[0]}`);
  expect(html).not.toContain("<script>alert(1)</script>");
});
