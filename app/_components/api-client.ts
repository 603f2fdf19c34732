/** Browser-side JSON calls to our API, with the server's error message and field errors. */
export type ApiFailure = {
  ok: false;
  status: number;
  message: string;
  fields: Record<string, string>;
};
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

export async function callApi<T>(
  path: string,
  init: { method?: string; json?: unknown } = {},
): Promise<ApiResult<T>> {
  const response = await fetch(path, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers: init.json === undefined ? undefined : { "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  const payload = (text ? JSON.parse(text) : null) as unknown;
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const error = (
    payload as { error?: { message?: string; fields?: Record<string, string> } } | null
  )?.error;
  return {
    ok: false,
    status: response.status,
    message: error?.message ?? "Something went wrong.",
    fields: error?.fields ?? {},
  };
}
