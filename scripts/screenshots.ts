/**
 * `npx tsx scripts/screenshots.ts [baseUrl] [--readme]`: signs in as the demo organiser against a
 * running app (default http://localhost:3000) and saves desktop (1440x900) and phone (390x844)
 * screenshots of its pages into screenshots/tmp/. Pages of the demo group are found by following
 * its links (one page per kind of address), so new pages show up without editing this list; a
 * page that answers 404 is skipped. With --readme the best desktop page (first screen only) is
 * also saved as docs/screenshot.png; with --docs the first screen of the main pages, desktop and
 * phone, goes to docs/screenshots/ (what the README shows; each under 300 KB, else the script
 * fails), and without --readme only those are made. Progress and layout warnings go to stderr.
 *
 * Start the app with a public address first (`APP_URL=https://marginalia.example npm start`), so
 * the calendar feed and invite addresses in the pictures do not show localhost and its port; the
 * script warns about any page that shows the address it was given.
 */
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import type {
  Browser,
  BrowserContextOptions,
  Cookie,
  Page,
  Request,
  Response,
} from "playwright-core";
import {
  DESKTOP,
  PHONE,
  SCREENSHOT_DIR,
  launchBrowser,
  newPage,
  screenshot,
  signInThroughUi,
  waitForHydration,
} from "@/tests/e2e/helpers/browser";

const DEMO_EMAIL = "organiser@marginalia.test";
const DEMO_PASSWORD = "marginalia";
const GROUP_PATH = "/groups/demo-reading-group";
const SIGNED_OUT_PAGES = ["/", "/sign-in", "/sign-up"];
const SIGNED_IN_PAGES = ["/groups", "/profile", GROUP_PATH];
/** Tried even when nothing links to them yet; a 404 is skipped. */
const GUESSED_GROUP_PAGES = ["texts", "sessions", "calendar", "members", "settings", "reading"].map(
  (page) => `${GROUP_PATH}/${page}`,
);
const MAX_GROUP_PAGES = 14;
/** Most telling first: the reader is what the app is for. */
const README_PREFERENCE = [
  /\/chapters?\/|\/read/,
  /\/texts\/[^/]+$/,
  /\/sessions\/[^/]+$/,
  /^\/groups\/[^/]+$/,
];

type Viewport = { name: string; options: BrowserContextOptions };
/**
 * The demo group meets in London: a newcomer there sees its times without the "this device is on
 * another time zone" banner, and dates in one style whether the server or the browser wrote them.
 */
const NEWCOMER: BrowserContextOptions = { timezoneId: "Europe/London", locale: "en-GB" };
const VIEWPORTS: Viewport[] = [
  { name: "desktop", options: { ...NEWCOMER, viewport: DESKTOP } },
  {
    name: "phone",
    options: { ...NEWCOMER, viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  },
];

const args = process.argv.slice(2);
const readme = args.includes("--readme");
const docs = args.includes("--docs");
const DOCS_DIR = "docs/screenshots";
/** The pages the README shows, by kind of address: the first discovered page of each kind. */
const DOCS_PAGES: { name: string; pattern: RegExp }[] = [
  { name: "group-home", pattern: /^\/groups\/[^/]+$/ },
  { name: "library", pattern: /\/texts$/ },
  { name: "reader", pattern: /\/chapters\/[^/]+$/ },
  { name: "sessions", pattern: /\/sessions$/ },
  { name: "session", pattern: /\/sessions\/(?!archive|plan|new)[^/]+$/ },
  { name: "members", pattern: /\/members$/ },
];
const baseUrl = args.find((arg) => !arg.startsWith("--")) ?? "http://localhost:3000";
const progress = (line: string) => process.stderr.write(`[screenshots] ${line}\n`);

/** Ids and numbers become ":id", so ten chapters of one text count as one kind of page. */
function shapeOf(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (/\d/.test(segment) || segment.length >= 20 ? ":id" : segment))
    .join("/");
}

function slugOf(pathname: string): string {
  return pathname === "/" ? "home" : pathname.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "-");
}

async function groupLinks(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator("a[href]")
    .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  return hrefs
    .map((href) => new URL(href))
    .filter(
      (url) => url.origin === new URL(baseUrl).origin && url.pathname.startsWith(`${GROUP_PATH}/`),
    )
    .filter((url) => !/\.(ics|json|zip|md|txt|epub)$/.test(url.pathname))
    .map((url) => url.pathname);
}

/** API calls each page has under way: what a page fetches after hydrating belongs in its picture. */
const apiCalls = new WeakMap<Page, Set<Request>>();

async function openPage(browser: Browser, options: BrowserContextOptions): Promise<Page> {
  const page = await newPage(browser, baseUrl, options);
  const pending = new Set<Request>();
  apiCalls.set(page, pending);
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/")) pending.add(request);
  });
  page.on("requestfinished", (request) => pending.delete(request));
  page.on("requestfailed", (request) => pending.delete(request));
  return page;
}

/** Until no API call has been under way for 300 ms (at most 10 s: a stuck call is not waited on). */
async function waitForApiCalls(page: Page): Promise<void> {
  const pending = apiCalls.get(page);
  if (!pending) return;
  const until = Date.now() + 10_000;
  let quietSince = Date.now();
  while (Date.now() < until) {
    if (pending.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 300) return;
    await page.waitForTimeout(50);
  }
  progress(
    `    warning: API calls still under way: ${[...pending].map((r) => r.url()).join(", ")}`,
  );
}

/** Opens a page and waits for it to settle; undefined when the page does not exist. */
async function open(page: Page, pathname: string): Promise<"ok" | "missing" | "redirected"> {
  const response = await page.goto(pathname, { waitUntil: "load" });
  if (response?.status() === 404) return "missing";
  // Not "network idle": live pages keep a socket open, and Next's prefetches of missing pages
  // stay pending, so it may never come. Hydrated, fonts loaded and one frame painted is enough.
  await waitForHydration(page.locator("main"));
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  // E.g. the calendar's feed address, fetched after hydration: "…" in the picture otherwise.
  await waitForApiCalls(page);
  return new URL(page.url()).pathname === pathname ? "ok" : "redirected";
}

/**
 * The reader's picture shows the margin at work: its threads arrive over the socket after
 * hydration. Scrolls to the first commented passage; on a phone opens the comments panel, which
 * is how the margin reads there.
 */
async function showTheMargin(page: Page, phone: boolean): Promise<void> {
  const painted = await page
    .waitForFunction(
      () => {
        const registry = (CSS as unknown as { highlights?: Map<string, Set<Range>> }).highlights;
        return (registry?.get("marginalia-comment")?.size ?? 0) > 0;
      },
      undefined,
      { timeout: 15_000 },
    )
    .then(
      () => true,
      () => false,
    );
  if (!painted) {
    progress("    warning: no commented passage in the reader after 15 s");
    return;
  }
  // On a phone just under the top (the panel covers the lower two thirds); on a desktop mid-screen,
  // with the text read before it above (a whole screen of dense text would not fit 300 KB).
  const above = phone ? 120 : 420;
  await page.evaluate((above) => {
    const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
    const tops = [...(registry.get("marginalia-comment") ?? [])].map(
      (range) => range.getBoundingClientRect().top + window.scrollY,
    );
    window.scrollTo({ top: Math.max(0, Math.min(...tops) - above), behavior: "instant" });
  }, above);
  if (phone) await page.getByRole("button", { name: /^Comments \(\d+\)$/ }).click();
  // The cards slide to their passages (a 150 ms transition) and their avatars load.
  await page.waitForTimeout(500);
  await waitForApiCalls(page);
}

/**
 * What a person would notice first on a narrow screen. Measured against the width asked for, not
 * window.innerWidth: a phone widens its layout viewport to fit content that is too wide.
 */
async function layoutWarnings(page: Page): Promise<string[]> {
  const width = page.viewportSize()?.width ?? DESKTOP.width;
  return page.evaluate((width) => {
    const warnings: string[] = [];
    const overflow = document.documentElement.scrollWidth - width;
    if (overflow > 1)
      warnings.push(`page is ${overflow}px wider than the screen (scrolls sideways)`);
    const wide = [...document.querySelectorAll<HTMLElement>("body *")].filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1;
    });
    const outermost = wide.filter(
      (element) => !wide.some((other) => other !== element && other.contains(element)),
    );
    // No named functions in here: tsx wraps them in a __name helper the page does not have.
    for (const element of outermost.slice(0, 3)) {
      let clipped = false;
      for (let parent = element.parentElement; parent && !clipped; parent = parent.parentElement) {
        clipped = getComputedStyle(parent).overflowX !== "visible";
      }
      const label = `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}"`;
      warnings.push(
        clipped
          ? `${label} is cut off at the right edge of a scrolling strip`
          : `${label} runs past the right edge`,
      );
    }
    return warnings;
  }, width);
}

/** Where a page shows the address the app was reached on (an APP_URL left at localhost:PORT). */
async function localAddressWarnings(page: Page): Promise<string[]> {
  const host = new URL(baseUrl).host;
  const shown = await page.evaluate(() =>
    [
      document.body.innerText,
      ...[...document.querySelectorAll("input, textarea")].map(
        (field) => (field as HTMLInputElement).value,
      ),
    ].join("\n"),
  );
  return shown.includes(host) ? [`shows ${host}: start the app with APP_URL set`] : [];
}

/** Breadth-first over the demo group's links, one page per shape of address. */
async function discoverGroupPages(page: Page): Promise<string[]> {
  const found: string[] = [];
  const seenShapes = new Set<string>();
  const queue = [GROUP_PATH, ...GUESSED_GROUP_PAGES];
  while (queue.length > 0 && found.length < MAX_GROUP_PAGES) {
    const pathname = queue.shift();
    if (!pathname || seenShapes.has(shapeOf(pathname))) continue;
    seenShapes.add(shapeOf(pathname));
    const outcome = await open(page, pathname).catch((error: unknown) => {
      progress(
        `  ${pathname}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      );
      return "missing" as const;
    });
    if (outcome !== "ok") {
      if (pathname !== GROUP_PATH) progress(`  ${pathname}: ${outcome}, skipped`);
      continue;
    }
    found.push(pathname);
    for (const link of await groupLinks(page)) if (!seenShapes.has(shapeOf(link))) queue.push(link);
  }
  return found.filter((pathname) => pathname !== GROUP_PATH);
}

async function shoot(page: Page, viewport: Viewport, pathname: string, saved: Map<string, string>) {
  const failed: string[] = [];
  const onResponse = (response: Response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && url.pathname !== pathname)
      failed.push(`${response.status()} ${url.pathname}`);
  };
  page.on("response", onResponse);
  const outcome = await open(page, pathname).finally(() => page.off("response", onResponse));
  if (outcome === "missing") {
    progress(`  ${viewport.name} ${pathname}: 404, skipped`);
    return;
  }
  const name = `${viewport.name}-${slugOf(pathname)}`;
  const file = await screenshot(page, name);
  saved.set(`${viewport.name} ${pathname}`, file);
  const landed = new URL(page.url()).pathname;
  progress(
    `  ${viewport.name} ${pathname}${outcome === "redirected" ? ` (-> ${landed})` : ""}: ${path.relative(process.cwd(), file)}`,
  );
  for (const warning of [...(await layoutWarnings(page)), ...(await localAddressWarnings(page))])
    progress(`    warning: ${warning}`);
  for (const failure of new Set(failed))
    progress(`    warning: it requested ${failure} (a link to a missing page?)`);
}

/** Signs in through the form once; later contexts reuse its cookies (sign-ins are rate-limited). */
type Run = { cookies?: Cookie[]; groupPages?: string[]; saved: Map<string, string> };

async function signIn(page: Page, run: Run) {
  if (run.cookies) {
    await page.context().addCookies(run.cookies);
    return;
  }
  progress(`  signing in as ${DEMO_EMAIL}`);
  await signInThroughUi(page, DEMO_EMAIL, DEMO_PASSWORD);
  run.cookies = await page.context().cookies();
}

async function shootViewport(browser: Browser, viewport: Viewport, run: Run) {
  const size = viewport.options.viewport;
  progress(`${viewport.name} (${size?.width}x${size?.height})`);
  const page = await openPage(browser, viewport.options);
  page.on("pageerror", (error) =>
    progress(`    error in ${new URL(page.url()).pathname}: ${error.message}`),
  );
  try {
    for (const pathname of SIGNED_OUT_PAGES) await shoot(page, viewport, pathname, run.saved);
    await signIn(page, run);
    run.groupPages ??= await discoverGroupPages(page);
    for (const pathname of [...SIGNED_IN_PAGES, ...run.groupPages])
      await shoot(page, viewport, pathname, run.saved);
  } finally {
    await page.context().close();
  }
}

async function saveReadmeShot(browser: Browser, run: Run) {
  const desktop = [...run.saved.keys()]
    .filter((key) => key.startsWith("desktop "))
    .map((key) => key.slice(8));
  const best =
    README_PREFERENCE.map((pattern) => desktop.find((pathname) => pattern.test(pathname))).find(
      Boolean,
    ) ?? "/groups";
  const page = await openPage(browser, { ...NEWCOMER, viewport: DESKTOP });
  try {
    await signIn(page, run);
    await open(page, best);
    if (/\/chapters\//.test(best)) await showTheMargin(page, false);
    mkdirSync("docs", { recursive: true });
    const file = path.join(SCREENSHOT_DIR, "readme.png");
    // The first screen only: a whole long page shrinks to nothing in a README.
    await page.screenshot({ path: file });
    copyFileSync(file, "docs/screenshot.png");
    progress(`README screenshot: ${best} -> docs/screenshot.png`);
  } finally {
    await page.context().close();
  }
}

/** The README's pictures stay small enough for a repository (and a slow connection). */
const DOCS_MAX_BYTES = 300_000;

/** First screens of the main pages at both widths into docs/screenshots/, for the README. */
async function saveDocsShots(browser: Browser, run: Run) {
  if (!run.groupPages) {
    const page = await openPage(browser, { ...NEWCOMER, viewport: DESKTOP });
    try {
      await signIn(page, run);
      run.groupPages = await discoverGroupPages(page);
    } finally {
      await page.context().close();
    }
  }
  const candidates = [GROUP_PATH, ...run.groupPages];
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const viewport of VIEWPORTS) {
    // One device pixel per CSS pixel: a phone picture at 2x is four times the bytes for a README.
    const page = await openPage(browser, { ...viewport.options, deviceScaleFactor: 1 });
    try {
      await signIn(page, run);
      for (const { name, pattern } of DOCS_PAGES) {
        const pathname = candidates.find((candidate) => pattern.test(candidate));
        if (!pathname) {
          progress(`  docs: no page for ${name}, skipped`);
          continue;
        }
        if ((await open(page, pathname)) === "missing") continue;
        // Group home asks who is online, the reader connects its margin, after hydrating:
        // picture the answers, not the waiting.
        for (const waiting of ["Looking who is here", "Connecting…"])
          await page
            .getByText(waiting)
            .first()
            .waitFor({ state: "hidden", timeout: 10_000 })
            .catch(() => undefined);
        if (name === "reader") await showTheMargin(page, viewport.name === "phone");
        const file = path.join(DOCS_DIR, `${viewport.name}-${name}.png`);
        await page.screenshot({ path: file });
        const bytes = statSync(file).size;
        progress(
          `  docs: ${viewport.name} ${pathname} -> ${file} (${Math.round(bytes / 1000)} KB)`,
        );
        for (const warning of [
          ...(await layoutWarnings(page)),
          ...(await localAddressWarnings(page)),
        ])
          progress(`    warning: ${warning}`);
        if (bytes > DOCS_MAX_BYTES) {
          progress(`    error: over ${DOCS_MAX_BYTES / 1000} KB`);
          process.exitCode = 1;
        }
      }
    } finally {
      await page.context().close();
    }
  }
}

const health = await fetch(new URL("/api/health", baseUrl)).catch(() => undefined);
if (!health) {
  progress(`nothing answers at ${baseUrl}: start the app first (npm start), or pass its address.`);
  process.exit(1);
}

const browser = await launchBrowser();
const run: Run = { saved: new Map() };
try {
  // --docs alone makes only the README's pictures (the full sweep is for looking at every page).
  if (!docs || readme)
    for (const viewport of VIEWPORTS) await shootViewport(browser, viewport, run);
  if (readme) await saveReadmeShot(browser, run);
  if (docs) await saveDocsShots(browser, run);
} finally {
  await browser.close();
}
progress(`${run.saved.size} screenshots in ${path.relative(process.cwd(), SCREENSHOT_DIR)}/`);
for (const file of run.saved.values()) console.log(file);
