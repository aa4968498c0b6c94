import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import { S } from "../strings";

type State = { kind: "idle" } | { kind: "printing" } | { kind: "done" } | { kind: "failed"; message: string };

interface Props {
  code: string;
  /** Print as soon as shown (right after saving); otherwise on the button (a reprint). */
  auto: boolean;
}

/**
 * Prints a dossier's receipt and says how it went. The dossier is already saved when this
 * shows: a failed print keeps its message and an "In lại" button until it works.
 */
export function ReceiptPrint({ code, auto }: Props) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const reprint = !auto;

  const print = async () => {
    setState({ kind: "printing" });
    try {
      await api.receiptPrint(code, reprint);
      setState({ kind: "done" });
    } catch (e) {
      setState({ kind: "failed", message: toApiError(e).message });
    }
  };

  useEffect(() => {
    if (auto) void print();
  }, [code]);

  return (
    <div id={auto ? "receipt-print" : "receipt-reprint"} class="receipt-print" role="status" data-state={state.kind}>
      {!auto && state.kind !== "printing" && (
        <button type="button" id="reprint-receipt" class="btn btn-secondary" onClick={() => void print()}>
          {S.print.reprint}
        </button>
      )}
      {state.kind === "printing" && <span class="muted">{S.print.printing}</span>}
      {state.kind === "done" && <span class="result-ok">{reprint ? S.print.reprinted : S.print.printed}</span>}
      {state.kind === "failed" && (
        <div class="banner banner-error">
          <div class="banner-text">
            <strong>{S.print.failedTitle}</strong> {state.message}
          </div>
          {auto && (
            <button type="button" id="retry-print" class="btn btn-secondary" onClick={() => void print()}>
              {S.print.retry}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
