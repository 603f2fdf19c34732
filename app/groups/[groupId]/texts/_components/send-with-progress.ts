/**
 * Browser side of the streamed import API: XMLHttpRequest reports upload progress (fetch does
 * not), and the response's NDJSON lines are read as they arrive.
 */
export type TStreamEvent =
  | { type: "progress"; stage: string; done: number; total: number }
  | { type: "error"; status: number; error: { code: string; message: string } }
  | ({ type: "done" } & Record<string, unknown>);

export function sendWithProgress(
  url: string,
  body: FormData | { json: unknown },
  handlers: { onUpload: (fraction: number) => void; onEvent: (event: TStreamEvent) => void },
): Promise<TStreamEvent> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/x-ndjson");
    let seen = 0;
    let last: TStreamEvent | null = null;
    const drain = () => {
      const text = xhr.responseText;
      let newline = text.indexOf("\n", seen);
      while (newline !== -1) {
        const line = text.slice(seen, newline).trim();
        seen = newline + 1;
        if (line) {
          try {
            last = JSON.parse(line) as TStreamEvent;
            handlers.onEvent(last);
          } catch {
            // A line that is not JSON is not ours (a proxy's error page); the status decides.
          }
        }
        newline = text.indexOf("\n", seen);
      }
    };
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) handlers.onUpload(event.loaded / event.total);
    };
    xhr.upload.onload = () => handlers.onUpload(1);
    xhr.onprogress = drain;
    xhr.onload = () => {
      drain();
      if (xhr.status === 200 && last) return resolve(last);
      let message = "Something went wrong.";
      try {
        const payload = JSON.parse(xhr.responseText) as { error?: { message?: string } };
        message = payload.error?.message ?? message;
      } catch {
        // Not JSON: keep the generic message.
      }
      resolve({ type: "error", status: xhr.status, error: { code: "http", message } });
    };
    xhr.onerror = () =>
      resolve({
        type: "error",
        status: 0,
        error: { code: "network", message: "The connection was lost. Try again." },
      });
    if (body instanceof FormData) xhr.send(body);
    else {
      xhr.setRequestHeader("content-type", "application/json");
      xhr.send(JSON.stringify(body.json));
    }
  });
}
