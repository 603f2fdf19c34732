"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button } from "@/app/_components/ui";

export function JoinButton({ token, groupId }: { token: string; groupId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  async function join() {
    setPending(true);
    const result = await callApi<{ groupId: string }>("/api/invites/redeem", {
      json: { token, groupId },
    });
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.push(`/groups/${result.data.groupId}`);
    router.refresh();
  }
  return (
    <div className="space-y-3">
      {error ? <Alert>{error}</Alert> : null}
      <Button onClick={() => void join()} disabled={pending} className="w-full">
        {pending ? "Joining…" : "Join the group"}
      </Button>
    </div>
  );
}
