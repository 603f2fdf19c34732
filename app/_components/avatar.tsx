/**
 * Avatar backgrounds. Every one keeps white initials at 4.5:1 contrast or better (WCAG AA for
 * small text): tests/unit/avatar-contrast.test.ts computes it.
 */
export const AVATAR_PALETTE = [
  "#8a4b2a",
  "#3b6e8f",
  "#5b7f3a",
  "#8f3b6e",
  "#6e5b8f",
  "#7a6530",
  "#2f7563",
  "#a0522d",
];

function hash(value: string): number {
  let h = 0;
  for (const char of value) h = (h * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(h);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return (
    (parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")
  ).toUpperCase();
}

export function avatarColor(id: string): string {
  return AVATAR_PALETTE[hash(id) % AVATAR_PALETTE.length] ?? "#8a4b2a";
}

export function Avatar({
  id,
  name,
  size = 32,
  decorative = false,
}: {
  id: string;
  name: string;
  size?: number;
  /** When the name is already said around it (a link labelled with it), say it once. */
  decorative?: boolean;
}) {
  return (
    <span
      title={decorative ? undefined : name}
      aria-label={decorative ? undefined : name}
      aria-hidden={decorative || undefined}
      role={decorative ? undefined : "img"}
      className="inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white ring-2 ring-paper"
      style={{ width: size, height: size, backgroundColor: avatarColor(id), fontSize: size * 0.4 }}
    >
      {initials(name)}
    </span>
  );
}
