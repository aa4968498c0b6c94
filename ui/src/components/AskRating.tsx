import { useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { RatedService } from "../api";
import { S } from "../strings";

/**
 * "Mời đánh giá": puts the rating question for `service` on the citizen's screen (its window
 * opens if it is not open), and says so, or why not (already rated).
 */
export function AskRating({ service, dossierCodes = [] }: { service: RatedService; dossierCodes?: string[] }) {
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const ask = async () => {
    try {
      await api.ratingRequest({ service, dossier_codes: dossierCodes });
      setNote({ text: S.rating.asked, bad: false });
    } catch (e) {
      setNote({ text: toApiError(e).message, bad: true });
    }
  };
  return (
    <span class="ask-rating">
      <button type="button" id="rating-ask" class="btn btn-secondary" onClick={() => void ask()}>
        {S.rating.ask}
      </button>
      {note && (
        <span id="rating-ask-note" class={note.bad ? "field-error" : "muted"} role="status">
          {note.text}
        </span>
      )}
    </span>
  );
}
