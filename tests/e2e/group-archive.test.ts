/**
 * The archive from the group settings page: the organiser downloads the demo group's archive
 * with the "Export the group" link, makes a new group, uploads the file through its settings
 * page and finds the texts, comments and sessions there. Screenshots go to screenshots/tmp.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedGroup } from "@/seeds/factories";
import { newSignedInPage, screenshot, waitForHydration } from "@/tests/e2e/helpers/browser";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

describe("group archive from the settings page", () => {
  it("the organiser exports the demo group and imports it into a new group", async () => {
    const page = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD, {
      acceptDownloads: true,
    });
    await page.goto(`/groups/${DEMO_GROUP_ID}/settings`);
    const exportLink = page.getByRole("link", { name: "Export the group" });
    await exportLink.waitFor();
    // A group with texts offers no import.
    expect(await page.getByLabel("Import an archive into this group").count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/-archive-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = path.join(os.tmpdir(), `archive-${Date.now()}.zip`);
    await download.saveAs(file);
    const manifest = JSON.parse(
      strFromU8(unzipSync(new Uint8Array(readFileSync(file)))["manifest.json"] ?? new Uint8Array()),
    ) as { counts: Record<string, number> };
    expect(manifest.counts.threads).toBeGreaterThan(5);

    const organiser = await db.user.findUniqueOrThrow({ where: { email: DEMO_ORGANISER } });
    const group = await seedGroup(organiser, { name: "Our group, moved" });
    await page.goto(`/groups/${group.id}/settings`);
    const input = page.getByLabel("Import an archive into this group");
    await waitForHydration(input);
    await input.setInputFiles(file);
    await page
      .locator("form")
      .filter({ has: input })
      .getByRole("button", { name: "Import", exact: true })
      .click();
    const status = page.getByRole("status").filter({ hasText: "Imported" });
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toContain(`${manifest.counts.threads} threads`);
    await screenshot(page, "group-archive-imported-1440");

    const [texts, comments, sessions] = await Promise.all([
      db.text.count({ where: { groupId: group.id } }),
      db.comment.count({ where: { groupId: group.id } }),
      db.discussionSession.count({ where: { groupId: group.id } }),
    ]);
    expect({ texts, comments, sessions }).toEqual({
      texts: manifest.counts.texts,
      comments: manifest.counts.messages,
      sessions: manifest.counts.sessions,
    });
  });
});
