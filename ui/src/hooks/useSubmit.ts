import { useState } from "preact/hooks";
import { fieldMap, toApiError } from "../api";

/** A form's submit: one at a time, its field errors and its banner from the backend's answer. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);

  const run = async (action: () => Promise<void>, onError?: () => void) => {
    if (busy) return;
    setBusy(true);
    setErrors({});
    setBanner(null);
    try {
      await action();
    } catch (err) {
      const ae = toApiError(err);
      setErrors(fieldMap(ae));
      setBanner(ae.message);
      onError?.();
    } finally {
      setBusy(false);
    }
  };

  return { busy, errors, banner, setBanner, run };
}

/** A whole number typed by the user, or 0 (which the backend refuses with its own message). */
export function wholeNumber(text: string): number {
  const n = Number.parseInt(text.trim(), 10);
  return Number.isFinite(n) ? n : 0;
}
