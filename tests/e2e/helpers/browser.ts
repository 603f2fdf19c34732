/**
 * Drives Debian's Chromium (/usr/bin/chromium) through playwright-core: never Playwright's own
 * browser download, which cannot reach its server here. Free of Vitest so scripts can use it.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve("screenshots/tmp");

/** Without the networking flags Chromium keeps calling home to hosts it cannot reach. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A fail fast budget for each wait: a missing element should fail the test, not hang it. */
const ACTION_TIMEOUT_MS = 15_000;

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * `launch` (not `launchPersistentContext`) so each sign-in gets its own context: Playwright gives
 * every launch a new, empty --user-data-dir of its own and removes it on close.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A page in a fresh context (own cookies), so several users can be signed in side by side. */
export async function newPage(
  browser: Browser,
  baseUrl: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  recordConsole(page);
  return page;
}

const consoleLines = new WeakMap<Page, string[]>();

/** Keeps the page's console messages and uncaught errors, so a failed test can leave them. */
export function recordConsole(page: Page): void {
  if (consoleLines.has(page)) return;
  const lines: string[] = [];
  consoleLines.set(page, lines);
  const at = () => new Date().toISOString().slice(11, 23);
  page.on("console", (message) =>
    lines.push(`${at()} ${message.type()} ${page.url()}: ${message.text()}`),
  );
  page.on("pageerror", (error) => lines.push(`${at()} pageerror ${page.url()}: ${error.stack}`));
  page.on("requestfailed", (request) =>
    lines.push(`${at()} requestfailed ${request.url()}: ${request.failure()?.errorText}`),
  );
}

export function consoleLog(page: Page): string {
  return (consoleLines.get(page) ?? []).join("\n");
}

/**
 * Waits until React has hydrated the element. Before that a click on a submit button makes the
 * browser submit the form natively (a GET with the password in the URL), not through the handler.
 */
export async function waitForHydration(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible" });
  await locator
    .page()
    .waitForFunction(
      (element) =>
        element !== null && Object.keys(element).some((key) => key.startsWith("__reactFiber$")),
      await locator.elementHandle(),
    );
}

/** Signs in through the /sign-in form and waits until the header offers "Sign out". */
export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Sign in" }) });
  await waitForHydration(form);
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  // Either the header offers "Sign out", or the form says why not (wrong password, rate limit).
  const refusal = form.getByRole("alert");
  await signOutButton(page).or(refusal).first().waitFor({ state: "visible" });
  if (await refusal.isVisible()) {
    throw new Error(`sign-in as ${email} refused: ${(await refusal.textContent())?.trim()}`);
  }
}

export async function newSignedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await newPage(browser, baseUrl, options);
  await signInThroughUi(page, email, password);
  return page;
}

export function accountNav(page: Page): Locator {
  return page.getByRole("navigation", { name: "Account" });
}

export function signOutButton(page: Page): Locator {
  return accountNav(page).getByRole("button", { name: "Sign out" });
}

/** Saves a full-page PNG under screenshots/tmp (git-ignored) for a human to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
