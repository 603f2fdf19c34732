import type { Metadata } from "next";
import { GroupHeader } from "@/app/_components/group-header";
import { requirePageAccess } from "@/lib/http/page-guard";
import { getGroup } from "@/lib/groups/get-group";
import { sessionFormOptions } from "@/lib/sessions/session-form-options";
import { SessionsNav } from "../_components/sessions-nav";
import { SeriesPlanner } from "./series-planner";

export const metadata: Metadata = { title: "Plan a series" };

type Props = { params: Promise<{ groupId: string }> };

export default async function PlanSeriesPage({ params }: Props) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/sessions/plan`,
    "sessions.manage",
    { type: "group", id: groupId },
  );
  const [group, options] = await Promise.all([getGroup(access), sessionFormOptions(access)]);
  const timeZones = [
    ...new Set([options.homeTimeZone, user.timeZone, ...Intl.supportedValuesOf("timeZone")]),
  ];
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav groupId={groupId} active="none" canManage={false} />
      <h2 className="mb-4 font-serif text-xl font-semibold">Plan a series</h2>
      <SeriesPlanner
        groupId={groupId}
        texts={options.texts}
        homeTimeZone={options.homeTimeZone}
        viewerTimeZone={user.timeZone}
        timeZones={timeZones}
      />
    </div>
  );
}
