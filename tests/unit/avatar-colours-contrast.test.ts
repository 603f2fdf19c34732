/**
 * White initials on every avatar colour reach WCAG AA contrast for normal text (4.5:1), computed
 * with WCAG 2.x relative luminance.
 */
import { describe, expect, it } from "vitest";
import { AVATAR_PALETTE, avatarColor } from "@/app/_components/avatar";

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));
  return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

describe("avatar colours", () => {
  it("the contrast formula gives the known extremes", () => {
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // #767676 is the classic lightest grey that passes on white.
    expect(contrast("#ffffff", "#767676")).toBeGreaterThanOrEqual(4.5);
    expect(contrast("#ffffff", "#777777")).toBeLessThan(4.5);
  });

  it.each([...AVATAR_PALETTE])("white initials on %s reach 4.5:1", (colour) => {
    expect(contrast("#ffffff", colour)).toBeGreaterThanOrEqual(4.5);
  });

  it("every user gets a colour from that palette, the same one each time", () => {
    const ids = Array.from({ length: 200 }, (_, index) => `user-${index}`);
    for (const id of ids) {
      expect(AVATAR_PALETTE).toContain(avatarColor(id));
      expect(avatarColor(id)).toBe(avatarColor(id));
    }
    expect(new Set(ids.map(avatarColor)).size).toBe(AVATAR_PALETTE.length);
  });
});
