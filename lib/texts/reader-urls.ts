/** Paths of the library pages; the API hands them out so clients can link to the reader. */
export function textPath(groupId: string, textId: string): string {
  return `/groups/${groupId}/texts/${textId}`;
}

export function chapterPath(groupId: string, textId: string, chapterId: string): string {
  return `${textPath(groupId, textId)}/chapters/${chapterId}`;
}

export function paragraphPath(
  groupId: string,
  textId: string,
  chapterId: string,
  paragraphId: string,
): string {
  return `${chapterPath(groupId, textId, chapterId)}#p-${paragraphId}`;
}
