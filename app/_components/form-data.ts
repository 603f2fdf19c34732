/** A text field of a submitted form ("" or the fallback when missing or a file). */
export function formString(form: FormData, name: string, fallback = ""): string {
  const value = form.get(name);
  return typeof value === "string" ? value : fallback;
}
