import { describe, expect, it } from "vitest";
import {
  accountNav,
  newPage,
  newSignedInPage,
  signOutButton,
  waitForHydration,
} from "@/tests/e2e/helpers/browser";
import { DEMO_ORGANISER, DEMO_PASSWORD, setupE2eApp } from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

describe("accounts in the browser", () => {
  it("sign-up form creates the account and lands signed in; Sign out signs out", async () => {
    const page = await newPage(app.browser(), app.url());
    await page.goto("/sign-up");
    const form = page.locator("form");
    await waitForHydration(form);
    await form.getByLabel("Display name").fill("Ada Reader");
    await form.getByLabel("Email").fill("ada@example.test");
    await form.getByLabel("Password").fill("correct horse battery");
    await form.getByRole("button", { name: "Create account" }).click();

    await accountNav(page).getByRole("link", { name: "Ada Reader" }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe("/sign-up");

    await waitForHydration(signOutButton(page));
    await signOutButton(page).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await accountNav(page).getByRole("link", { name: "Sign in" }).waitFor();
    expect(await accountNav(page).getByRole("link", { name: "Ada Reader" }).count()).toBe(0);
    await page.context().close();
  });

  it("sign-in with a wrong password says so and stays signed out", async () => {
    const page = await newPage(app.browser(), app.url());
    await page.goto("/sign-in");
    const form = page.locator("form");
    await waitForHydration(form);
    await form.getByLabel("Email", { exact: true }).fill(DEMO_ORGANISER);
    await form.getByLabel("Password", { exact: true }).fill("not the password");
    await form.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(page.url()).not.toContain("not%20the%20password");
    expect(await signOutButton(page).count()).toBe(0);
    await page.context().close();
  });

  it("the demo organiser changes the time zone on /profile and it is kept", async () => {
    const page = await newSignedInPage(app.browser(), app.url(), DEMO_ORGANISER, DEMO_PASSWORD);
    // The header links to the profile under the user's display name.
    await accountNav(page).getByRole("link", { name: "Olive Organiser" }).click();
    await page.waitForURL((url) => url.pathname === "/profile");
    await page.getByRole("heading", { name: "Your profile" }).waitFor();

    const timeZone = page.getByLabel("Time zone");
    await waitForHydration(timeZone);
    const chosen =
      (await timeZone.inputValue()) === "Asia/Tokyo" ? "America/Chicago" : "Asia/Tokyo";
    await timeZone.selectOption(chosen);
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    await page.reload();
    expect(await page.getByLabel("Time zone").inputValue()).toBe(chosen);
    await page.context().close();
  });
});
