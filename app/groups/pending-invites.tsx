"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button } from "@/app/_components/ui";

type PendingInvite = { id: string; groupName: string; invitedBy: string; role: string };

export function PendingInvites({ invites }: { invites: PendingInvite[] }) {
  const router = useRouter();
  const [error, setError] = useState<string>();

  async function respond(invite: PendingInvite, answer: "accept" | "decline") {
    const result = await callApi<{ groupId?: string }>(`/api/invites/${invite.id}/${answer}`, {
      method: "POST",
    });
    if (!result.ok) return setError(result.message);
    if (answer === "accept" && result.data.groupId) router.push(`/groups/${result.data.groupId}`);
    else router.refresh();
  }

  return (
    <section
      aria-labelledby="invitations"
      className="rounded-xl border border-accent/40 bg-accent-soft p-5"
    >
      <h2 id="invitations" className="mb-3 font-serif text-lg font-semibold">
        Invitations for you
      </h2>
      {error ? <Alert>{error}</Alert> : null}
      <ul className="space-y-3">
        {invites.map((invite) => (
          <li key={invite.id} className="flex flex-wrap items-center justify-between gap-3">
            <span>
              <strong>{invite.invitedBy}</strong> invited you to <strong>{invite.groupName}</strong>
            </span>
            <span className="flex gap-2">
              <Button onClick={() => void respond(invite, "accept")}>Accept</Button>
              <Button variant="secondary" onClick={() => void respond(invite, "decline")}>
                Decline
              </Button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
