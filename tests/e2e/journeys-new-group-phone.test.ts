/**
 * A new group's first weeks on a phone, 390×844 with touch (see helpers/new-group-journey): the
 * members comment by selecting a passage and tapping "Comment", and read and answer in the
 * bottom panel.
 */
import { PHONE } from "@/tests/e2e/helpers/browser";
import { newGroupJourney } from "@/tests/e2e/helpers/new-group-journey";

newGroupJourney({
  name: "phone",
  options: { viewport: PHONE, isMobile: true, hasTouch: true },
  checkOverflow: true,
  commentBy: "touch",
});
