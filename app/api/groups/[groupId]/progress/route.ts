import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { progressGrid } from "@/lib/progress/progress-grid";

type Params = { groupId: string };

/** GET /api/groups/{groupId}/progress → { columns, rows, nextSession: { ..., notStarted } | null } (organisers) */
export const GET = withMember<Params>(
  {
    permission: "progress.view-all",
    resource: (params) => ({ type: "group", id: params.groupId }),
  },
  async (_request, { access }) => NextResponse.json(await progressGrid(access)),
);
