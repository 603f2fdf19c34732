import { describe, expect, it } from "vitest";
import { notificationText } from "@/app/_components/notification-text";
import { isBeyondReach, reachedParagraphPosition } from "@/lib/reading-reach/spoiler-rule";

const payload = { actorName: "Rosa", excerpt: "**The keeper** did it, @[Ines](user:u2)" };

describe("notification lines and the spoiler shield", () => {
  it("a shielded comment notification leaves the comment's words out", () => {
    expect(notificationText("comment.reply", payload)).toBe(
      "Rosa replied: “The keeper did it, @Ines”",
    );
    const shielded = notificationText("comment.reply", payload, { shielded: true });
    expect(shielded).toBe("Rosa replied, further on than you have read");
    expect(shielded).not.toContain("keeper");
  });
});

describe("the spoiler rule", () => {
  const at = (paragraphPosition: number, fraction: number, completedAt: Date | null = null) =>
    reachedParagraphPosition({ paragraphPosition, fraction, paragraphCount: 10, completedAt });

  it("the further of the paragraph reached and the scrolled fraction counts", () => {
    expect(at(2, 0.1)).toBe(2);
    expect(at(-1, 0.5)).toBe(4);
    expect(reachedParagraphPosition(null)).toBe(-1);
    expect(at(0, 0, new Date())).toBeNull();
    expect(at(3, 1)).toBeNull();
  });

  it("beyond the reach is shielded, own words and read chapters never; orphans until read", () => {
    expect(isBeyondReach(2, 3, false)).toBe(true);
    expect(isBeyondReach(2, 2, false)).toBe(false);
    expect(isBeyondReach(2, 3, true)).toBe(false);
    expect(isBeyondReach(null, 9, false)).toBe(false);
    expect(isBeyondReach(5, null, false)).toBe(true);
    expect(isBeyondReach(null, null, false)).toBe(false);
  });
});
