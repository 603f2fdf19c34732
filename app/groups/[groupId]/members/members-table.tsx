"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Avatar } from "@/app/_components/avatar";
import { useDialogs } from "@/app/_components/dialogs";
import { Alert, Button } from "@/app/_components/ui";
import { browserDateOptions, formatFullDate, formatTime } from "@/lib/format/date";

type Role = "OWNER" | "MODERATOR" | "MEMBER";
type Member = { userId: string; name: string; email?: string; role: Role; joinedAt: string };

const RANK: Record<Role, number> = { OWNER: 3, MODERATOR: 2, MEMBER: 1 };
const LABEL: Record<Role, string> = { OWNER: "Owner", MODERATOR: "Moderator", MEMBER: "Member" };

export function MembersTable({
  groupId,
  currentUserId,
  viewerRole,
  members,
  canIssueResetLinks = false,
}: {
  groupId: string;
  currentUserId: string;
  viewerRole: Role;
  members: Member[];
  /** Owners, on a server without e-mail: a member who forgot their password asks them. */
  canIssueResetLinks?: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [resetLink, setResetLink] = useState<{ name: string; url: string; expiresAt: string }>();
  const { confirm, dialogs } = useDialogs();

  async function run(call: Promise<{ ok: boolean; message?: string }>, after?: () => void) {
    setError(undefined);
    const result = await call;
    if (!result.ok) return setError(result.message);
    if (after) after();
    else router.refresh();
  }

  const changeRole = (member: Member, role: Role) =>
    run(
      callApi(`/api/groups/${groupId}/members/${member.userId}`, {
        method: "PATCH",
        json: { role },
      }),
    );
  const remove = async (member: Member) => {
    const yes = await confirm({
      title: `Remove ${member.name} from the group?`,
      confirmLabel: "Remove",
      destructive: true,
    });
    if (!yes) return;
    void run(callApi(`/api/groups/${groupId}/members/${member.userId}`, { method: "DELETE" }));
  };
  const issueResetLink = async (member: Member) => {
    const yes = await confirm({
      title: `Create a password reset link for ${member.name}?`,
      description:
        "Whoever opens it can set a new password for their account, so give it only to them.",
      confirmLabel: "Create link",
    });
    if (!yes) return;
    setError(undefined);
    const result = await callApi<{ url: string; expiresAt: string }>(
      `/api/groups/${groupId}/members/${member.userId}/password-reset`,
      { method: "POST" },
    );
    if (!result.ok) return setError(result.message);
    setResetLink({ name: member.name, ...result.data });
  };
  const leave = async () => {
    const yes = await confirm({
      title: "Leave this group?",
      description: "You lose access to its texts and comments until someone invites you again.",
      confirmLabel: "Leave",
      destructive: true,
    });
    if (!yes) return;
    void run(callApi(`/api/groups/${groupId}/leave`, { method: "POST" }), () =>
      router.push("/groups"),
    );
  };

  return (
    <div>
      {dialogs}
      {error ? (
        <div className="p-4 pb-0">
          <Alert>{error}</Alert>
        </div>
      ) : null}
      {resetLink ? (
        <div className="p-4 pb-0" data-testid="reset-link">
          <Alert tone="info">
            <p>
              Reset link for <strong>{resetLink.name}</strong>: it works once, until{" "}
              {formatTime(resetLink.expiresAt, browserDateOptions())}. Send it to them privately; it
              is not shown again.
            </p>
            <div className="mt-2 flex gap-2">
              <input
                readOnly
                aria-label="Reset link"
                value={resetLink.url}
                onFocus={(event) => event.currentTarget.select()}
                className="min-w-0 flex-1 rounded-md border border-line bg-white px-2 py-1 font-mono text-xs dark:bg-black/20"
              />
              <Button
                variant="secondary"
                className="px-2 py-1"
                onClick={() => void navigator.clipboard?.writeText(resetLink.url)}
              >
                Copy
              </Button>
            </div>
          </Alert>
        </div>
      ) : null}
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="px-4 pt-4 text-left font-serif text-xl font-semibold">
            {members.length} {members.length === 1 ? "member" : "members"}
          </caption>
          <thead className="text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="px-3 py-2 font-medium sm:px-4">Name</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Joined</th>
              <th className="px-3 py-2 text-right font-medium sm:px-4">Role</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {members.map((member) => {
              const isSelf = member.userId === currentUserId;
              const canRemove =
                !isSelf &&
                (viewerRole === "OWNER" ||
                  (viewerRole === "MODERATOR" && RANK[member.role] < RANK.MODERATOR));
              return (
                <tr key={member.userId}>
                  {/* w-full + max-w-0: the name takes what the role column leaves, and truncates. */}
                  <td className="w-full max-w-0 px-3 py-3 sm:px-4">
                    <div className="flex items-center gap-3">
                      <Avatar id={member.userId} name={member.name} />
                      <div className="min-w-0">
                        <div className="truncate font-medium">
                          {member.name} {isSelf ? <span className="text-muted">(you)</span> : null}
                        </div>
                        {member.email ? (
                          <div className="truncate text-xs text-muted">{member.email}</div>
                        ) : null}
                      </div>
                    </div>
                  </td>
                  {/* The server renders in UTC, the browser in its own zone: the day may differ. */}
                  <td
                    className="hidden whitespace-nowrap px-4 py-3 text-muted sm:table-cell"
                    suppressHydrationWarning
                  >
                    {formatFullDate(member.joinedAt, browserDateOptions())}
                  </td>
                  <td className="px-3 py-3 sm:px-4">
                    {/* The role and its actions share one column: on a phone they stack under
                        each other instead of running past the card's edge. */}
                    <div className="flex flex-col items-end gap-2 sm:flex-row sm:items-center sm:justify-end">
                      <div className="whitespace-nowrap">
                        {viewerRole === "OWNER" && !isSelf ? (
                          <select
                            aria-label={`Role of ${member.name}`}
                            value={member.role}
                            onChange={(event) =>
                              void changeRole(member, event.target.value as Role)
                            }
                            className="rounded-md border border-line bg-white px-2 py-1 dark:bg-black/20"
                          >
                            {(["OWNER", "MODERATOR", "MEMBER"] as const).map((role) => (
                              <option key={role} value={role}>
                                {LABEL[role]}
                              </option>
                            ))}
                          </select>
                        ) : (
                          LABEL[member.role]
                        )}
                      </div>
                      <div className="flex flex-wrap justify-end gap-2">
                        {canIssueResetLinks && !isSelf ? (
                          <Button
                            variant="secondary"
                            className="whitespace-nowrap px-2 py-1"
                            onClick={() => void issueResetLink(member)}
                            aria-label={`Password reset link for ${member.name}`}
                          >
                            Reset link
                          </Button>
                        ) : null}
                        {canRemove ? (
                          <Button
                            variant="danger"
                            className="px-2 py-1"
                            onClick={() => void remove(member)}
                            aria-label={`Remove ${member.name}`}
                          >
                            Remove
                          </Button>
                        ) : isSelf ? (
                          <Button
                            variant="danger"
                            className="whitespace-nowrap px-2 py-1"
                            onClick={() => void leave()}
                          >
                            Leave
                          </Button>
                        ) : null}
                      </div>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
