"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button, Card, Field } from "@/app/_components/ui";
import { browserDateOptions, formatDateTime } from "@/lib/format/date";

type Invite = {
  id: string;
  role: string;
  email: string | null;
  state: string;
  uses: number;
  maxUses: number | null;
  expiresAt: string | null;
  createdBy: string;
};

const STATE_LABEL: Record<string, string> = {
  active: "Active",
  revoked: "Revoked",
  expired: "Expired",
  used_up: "Used up",
};

export function InvitesPanel({
  groupId,
  viewerRole,
  invites,
}: {
  groupId: string;
  viewerRole: string;
  invites: Invite[];
}) {
  const router = useRouter();
  const [link, setLink] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  async function createLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // "Never" and "No limit" are asked for explicitly (null); left out, the server's defaults apply.
    const days = Number(form.get("expiresInDays")) || null;
    const uses = Number(form.get("maxUses")) || null;
    const result = await callApi<{ url: string }>(`/api/groups/${groupId}/invites`, {
      json: { role: formString(form, "role", "MEMBER"), expiresInDays: days, maxUses: uses },
    });
    if (!result.ok) return setError(result.message);
    setError(undefined);
    setLink(result.data.url);
    router.refresh();
  }

  async function inviteByEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const email = formString(new FormData(formElement), "email", "");
    const result = await callApi<{ url: string; emailed: boolean }>(
      `/api/groups/${groupId}/invites`,
      { json: { email } },
    );
    if (!result.ok) return setError(result.fields.email ?? result.message);
    setError(undefined);
    setLink(result.data.url);
    setNotice(
      result.data.emailed
        ? `The invitation was e-mailed to ${email}. Its link admits that address only.`
        : `Send this link to ${email}: it admits that address only, and opening it confirms the address.`,
    );
    formElement.reset();
    router.refresh();
  }

  async function revoke(invite: Invite) {
    const result = await callApi(`/api/groups/${groupId}/invites/${invite.id}`, {
      method: "DELETE",
    });
    if (!result.ok) return setError(result.message);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-3 font-serif text-xl font-semibold">Invite people</h2>
        {error ? <Alert>{error}</Alert> : null}
        {notice ? <Alert tone="info">{notice}</Alert> : null}
        <form onSubmit={(event) => void createLink(event)} className="mt-3 space-y-3">
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
            <div className="space-y-1">
              <label htmlFor="invite-role" className="block text-sm font-medium">
                Role
              </label>
              <select
                id="invite-role"
                name="role"
                className="w-full rounded-md border border-line bg-white px-2 py-2 dark:bg-black/20"
              >
                <option value="MEMBER">Member</option>
                {viewerRole === "OWNER" ? <option value="MODERATOR">Moderator</option> : null}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="invite-days" className="block text-sm font-medium">
                Expires
              </label>
              <select
                id="invite-days"
                name="expiresInDays"
                defaultValue="14"
                className="w-full rounded-md border border-line bg-white px-2 py-2 dark:bg-black/20"
              >
                <option value="1">1 day</option>
                <option value="7">7 days</option>
                <option value="14">14 days</option>
                <option value="30">30 days</option>
                <option value="">Never</option>
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="invite-uses" className="block text-sm font-medium">
                Uses
              </label>
              <select
                id="invite-uses"
                name="maxUses"
                defaultValue="25"
                className="w-full rounded-md border border-line bg-white px-2 py-2 dark:bg-black/20"
              >
                <option value="1">1</option>
                <option value="10">10</option>
                <option value="25">25</option>
                <option value="100">100</option>
                <option value="">No limit</option>
              </select>
            </div>
          </div>
          <Button type="submit">Create invite link</Button>
        </form>
        {link ? (
          <div className="mt-4 space-y-2">
            <label htmlFor="invite-link" className="block text-sm font-medium">
              Share this link (shown once)
            </label>
            <div className="flex gap-2">
              <input
                id="invite-link"
                readOnly
                value={link}
                className="min-w-0 flex-1 rounded-md border border-line bg-white px-2 py-1 font-mono text-xs dark:bg-black/20"
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(link)}>
                Copy
              </Button>
            </div>
          </div>
        ) : null}
        <form
          onSubmit={(event) => void inviteByEmail(event)}
          className="mt-6 space-y-3 border-t border-line pt-4"
        >
          <Field
            label="Invite by email"
            name="email"
            type="email"
            placeholder="friend@example.org"
            required
          />
          <Button type="submit" variant="secondary">
            Send invitation
          </Button>
        </form>
      </Card>
      {invites.length > 0 ? (
        <Card>
          <h2 className="mb-3 font-serif text-lg font-semibold">Invitations</h2>
          <ul className="divide-y divide-line text-sm">
            {invites.map((invite) => (
              <li key={invite.id} className="flex items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <div className="truncate">
                    {invite.email ?? "Link"} · {invite.role.toLowerCase()}
                  </div>
                  <div className="text-xs text-muted" suppressHydrationWarning>
                    {STATE_LABEL[invite.state]} · used {invite.uses}
                    {invite.maxUses ? ` of ${invite.maxUses}` : ""}
                    {invite.expiresAt
                      ? ` · until ${formatDateTime(invite.expiresAt, browserDateOptions())}`
                      : ""}{" "}
                    · by {invite.createdBy}
                  </div>
                </div>
                {invite.state === "active" ? (
                  <Button
                    variant="secondary"
                    className="px-2 py-1"
                    onClick={() => void revoke(invite)}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
