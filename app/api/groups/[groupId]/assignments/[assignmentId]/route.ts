import { withMember } from "@/lib/http/with-member";
import { deleteAssignment } from "@/lib/assignments/delete-assignment";

type Params = { groupId: string; assignmentId: string };

/** DELETE /api/groups/{groupId}/assignments/{assignmentId} → 204 */
export const DELETE = withMember<Params>(
  {
    permission: "assignments.manage",
    resource: (params) => ({ type: "group", id: params.groupId }),
  },
  async (_request, { params, access }) => {
    await deleteAssignment(access, params.assignmentId);
    return new Response(null, { status: 204 });
  },
);
