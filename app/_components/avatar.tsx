const PALETTE = [
  "#8a4b2a",
  "#3b6e8f",
  "#5b7f3a",
  "#8f3b6e",
  "#6e5b8f",
  "#8f7a3b",
  "#3b8f7a",
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
  return PALETTE[hash(id) % PALETTE.length] ?? "#8a4b2a";
}

export function Avatar({ id, name, size = 32 }: { id: string; name: string; size?: number }) {
  return (
    <span
      title={name}
      aria-label={name}
      role="img"
      className="inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white ring-2 ring-paper"
      style={{ width: size, height: size, backgroundColor: avatarColor(id), fontSize: size * 0.4 }}
    >
      {initials(name)}
    </span>
  );
}
