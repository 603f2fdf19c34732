export const SESSION_ROLES = ["lead", "summariser", "questions"] as const;

/** lead: opens and steers the discussion; summariser: writes it up; questions: brings prompts. */
export type SessionRole = (typeof SESSION_ROLES)[number];

export type RoleAssignment = {
  sessionId: string;
  role: SessionRole;
  userId: string;
};

export type RotateRolesInput = {
  /** Sessions in the order they happen. */
  sessionIds: readonly string[];
  /** Members in a stable order (e.g. join order); the rotation is a function of it. */
  memberIds: readonly string[];
  roles?: readonly SessionRole[];
  /**
   * Where in the rotation to begin, e.g. the number of sessions already rotated in an
   * earlier series, so a new series continues instead of handing the lead to the same
   * first member again.
   */
  offset?: number;
};

/**
 * Hands each role round the members across a series, deterministically.
 *
 * Session s gives role j to member (s + offset + j·q) mod M, where q = ⌊M / R⌋ (at least 1).
 * - For a fixed role, successive sessions take successive members, so over any run of
 *   sessions every member holds each role either ⌊S/M⌋ or ⌈S/M⌉ times.
 * - Within a session the R members sit q apart on the circle, so when M ≥ R they are all
 *   different (R·q ≤ M), and one member's roles are spread q sessions apart rather than
 *   bunched into consecutive meetings.
 * - With fewer members than roles, some member must hold two roles in a session; the
 *   per-role fairness above still holds.
 * Returns one assignment per session and role; none when there are no members.
 */
export function rotateRoles(input: RotateRolesInput): RoleAssignment[] {
  const roles = [...new Set(input.roles ?? SESSION_ROLES)];
  const members = [...new Set(input.memberIds)];
  const m = members.length;
  if (m === 0) return [];
  const spacing = Math.max(1, Math.floor(m / roles.length));
  const offset = Math.trunc(input.offset ?? 0);
  return input.sessionIds.flatMap((sessionId, s) =>
    roles.map((role, j) => ({
      sessionId,
      role,
      userId: members[mod(s + offset + j * spacing, m)] as string,
    })),
  );
}

function mod(value: number, m: number): number {
  return ((value % m) + m) % m;
}
