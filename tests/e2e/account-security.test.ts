/**
 * Password and sessions in the browser: change password on the profile (this browser stays
 * signed in, another one is signed out), sign out everywhere, and a forgotten password reset
 * through a link the group owner creates on the Members page (server without SMTP).
 */
import { describe, expect, it } from "vitest";
import {
  accountNav,
  newPage,
  newSignedInPage,
  screenshot,
  signInThroughUi,
  waitForHydration,
} from "@/tests/e2e/helpers/browser";
import {
  DEMO_GROUP_ID,
  DEMO_ORGANISER,
  DEMO_PASSWORD,
  setupE2eApp,
} from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

const READER_1 = "reader1@marginalia.test";
const READER_2 = "reader2@marginalia.test";

describe("password and sessions in the browser", () => {
  it("changing the password keeps this browser signed in and signs the other one out", async () => {
    const here = await newSignedInPage(app.browser(), app.url(), READER_1, DEMO_PASSWORD);
    const elsewhere = await newSignedInPage(app.browser(), app.url(), READER_1, DEMO_PASSWORD);

    await here.goto("/profile");
    const form = here.locator("form").filter({ has: here.getByLabel("Current password") });
    await waitForHydration(form);
    await form.getByLabel("Current password").fill("not my password");
    await form.getByLabel("New password", { exact: true }).fill("a new long password");
    await form.getByLabel("New password again").fill("a new long password");
    await form.getByRole("button", { name: "Change password" }).click();
    // Said twice: above the form and under the field.
    await here
      .getByRole("alert")
      .filter({ hasText: "Current password is incorrect." })
      .first()
      .waitFor();

    await form.getByLabel("Current password").fill(DEMO_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await here.getByRole("status").filter({ hasText: "Password changed." }).waitFor();
    await screenshot(here, "account-security-profile-desktop");

    await here.reload();
    await here.getByRole("heading", { name: "Your profile" }).waitFor();
    await elsewhere.goto("/profile");
    await elsewhere.waitForURL((url) => url.pathname === "/sign-in");

    await here.context().close();
    await elsewhere.context().close();
  });

  it("sign out everywhere ends this browser's session too and says so", async () => {
    const page = await newSignedInPage(app.browser(), app.url(), READER_2, DEMO_PASSWORD);
    await page.goto("/profile");
    const button = page.getByRole("button", { name: "Sign out everywhere" });
    await waitForHydration(button);
    await button.click();
    // The app's own confirm dialog (Radix), not the browser's.
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: "Sign out everywhere" })
      .click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.getByRole("status").filter({ hasText: "signed out on every device" }).waitFor();
    await page.goto("/profile");
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.context().close();
  });

  it("the owner creates a reset link on the Members page; the member sets a new password with it", async () => {
    const owner = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
    await owner.goto(`/groups/${DEMO_GROUP_ID}/members`);
    const button = owner.getByRole("button", { name: "Password reset link for Ruth Okafor" });
    await waitForHydration(button);
    await button.click();
    await owner.getByRole("alertdialog").getByRole("button", { name: "Create link" }).click();
    const link = owner.getByRole("textbox", { name: "Reset link" });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
    await screenshot(owner, "account-security-members-reset-link-desktop");
    await owner.context().close();

    const member = await newPage(app.browser(), app.url());
    await member.goto("/sign-in");
    await member.getByRole("link", { name: "Forgot your password?" }).click();
    await member.getByText("owner of one of your reading groups").waitFor();
    await screenshot(member, "account-security-forgot-desktop");

    await member.goto(new URL(url).pathname);
    await member.getByText("reader3@marginalia.test").waitFor();
    const form = member.locator("form");
    await waitForHydration(form);
    await form.getByLabel("New password", { exact: true }).fill("ruth's new password");
    await form.getByLabel("New password again").fill("ruth's new password");
    await screenshot(member, "account-security-reset-desktop");
    await form.getByRole("button", { name: "Set new password" }).click();
    await member.getByRole("status").filter({ hasText: "Your password is set." }).waitFor();

    await member.goto(new URL(url).pathname);
    await member.getByRole("alert").filter({ hasText: "expired or was already used" }).waitFor();
    await signInThroughUi(member, "reader3@marginalia.test", "ruth's new password");
    await accountNav(member).getByRole("link", { name: "Ruth Okafor" }).waitFor();
    await member.context().close();
  });
});
