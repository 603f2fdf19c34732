/** Finished details a group meets on day one: the app's own 404 page and a favicon. */
import { describe, expect, it } from "vitest";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

const context = withServerAndFixture();

describe("unknown pages and the favicon", () => {
  it("an unknown page answers 404 with the app's own page, not Next's default", async () => {
    const response = await context.cast.clients.member.request("/no-such-page");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toContain("Back to your groups");
    expect(html).not.toContain("This page could not be found");
  });

  it("another group's page shows the same 404 to an outsider, naming nothing of the group", async () => {
    const { groupId, groupName } = context.fixture;
    const response = await context.cast.clients.outsider.request(`/groups/${groupId}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).not.toContain(groupName);
  });

  it("serves a favicon and links it from every page", async () => {
    const icon = await context.cast.clients.anonymous.request("/icon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    const page = await (await context.cast.clients.anonymous.request("/")).text();
    expect(page).toMatch(/<link rel="icon" href="\/icon\.svg/);
  });
});
