import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { AppError } from "@/lib/errors/app-error";
import { ARCHIVE_MAX_BYTES } from "@/lib/group-archive/archive-schema";
import { exportGroupArchive } from "@/lib/group-archive/export-group-archive";
import { importGroupArchive } from "@/lib/group-archive/import-group-archive";
import { readArchiveUpload } from "@/lib/group-archive/read-archive-upload";

type Params = { groupId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/** GET /api/groups/{groupId}/archive → the group's archive, a zip (owners; docs/group-archive.md) */
export const GET = withMember<Params>(
  { permission: "group.export", resource: group },
  async (_request, { access }) => {
    const file = await exportGroupArchive(access);
    return new Response(Buffer.from(file.bytes), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);

/**
 * POST /api/groups/{groupId}/archive — the zip as the body (`application/zip`) or as the `file`
 * field of multipart/form-data → 201 { import: { counts, invited, … } } (owners of an empty group)
 */
export const POST = withMember<Params>(
  { permission: "group.import", resource: group },
  async (request, { access }) => {
    const bytes = await readArchiveUpload(request, ARCHIVE_MAX_BYTES);
    if (bytes.byteLength === 0) throw new AppError("bad_request", "Send the archive (a .zip file)");
    const result = await importGroupArchive(access, bytes);
    return NextResponse.json({ import: result }, { status: 201 });
  },
);
