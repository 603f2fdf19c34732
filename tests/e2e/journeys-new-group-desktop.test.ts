/** A new group's first weeks at 1440×900 (see helpers/new-group-journey). */
import { DESKTOP } from "@/tests/e2e/helpers/browser";
import { newGroupJourney } from "@/tests/e2e/helpers/new-group-journey";

newGroupJourney({
  name: "desktop",
  options: { viewport: DESKTOP },
  checkOverflow: false,
  commentBy: "margin",
});
