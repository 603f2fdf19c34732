/**
 * Every main page at desktop width (1440×900), signed out and as the demo group's organiser:
 * axe-core finds no serious or critical violation.
 */
import { describe } from "vitest";
import { DESKTOP } from "@/tests/e2e/helpers/browser";
import { sweepMainPages } from "@/tests/e2e/helpers/main-pages-sweep";
import { setupE2eApp } from "@/tests/e2e/helpers/setup-e2e-app";

const app = setupE2eApp();

describe("main pages at 1440×900", () => {
  sweepMainPages(app, { name: "desktop", options: { viewport: DESKTOP }, checkOverflow: false });
});
