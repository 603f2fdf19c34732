/**
 * Every main page on a phone (390×844, touch), signed out and as the demo group's organiser:
 * nothing scrolls sideways (the document is no wider than the screen) and axe-core finds no
 * serious or critical violation.
 */
import { describe } from "vitest";
import { PHONE } from "@/tests/e2e/helpers/browser";
import { sweepMainPages } from "@/tests/e2e/helpers/main-pages-sweep";
import { setupE2eApp } from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

describe("main pages at 390×844", () => {
  sweepMainPages(app, {
    name: "phone",
    options: { viewport: PHONE, isMobile: true, hasTouch: true },
    // axe on every page, as at 1440: a phone layout has its own contrast, names and targets.
    checkOverflow: true,
  });
});
