"use client";

import { useRouter } from "next/navigation";
import { callApi } from "@/app/_components/api-client";

export function RemoveAssignment({
  groupId,
  assignmentId,
}: {
  groupId: string;
  assignmentId: string;
}) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-xs text-red-700 hover:underline"
      onClick={() =>
        void callApi(`/api/groups/${groupId}/assignments/${assignmentId}`, {
          method: "DELETE",
        }).then((result) => result.ok && router.refresh())
      }
    >
      Remove
    </button>
  );
}
