import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import { PdfPreview } from "./PdfPreview";
import { S } from "../strings";

type State =
  | { kind: "idle" }
  | { kind: "waiting" }
  | { kind: "printing" }
  | { kind: "done" }
  | { kind: "failed"; message: string };

interface Props {
  code: string;
  /** Print as soon as shown (right after saving); otherwise on the button (a reprint). */
  auto: boolean;
  /** Right after saving, show the preview first and print from it (the clerk asked to). */
  previewFirst?: boolean;
}

/**
 * Prints a dossier's receipt and says how it went. The dossier is already saved when this
 * shows: a failed print keeps its message and an "In lại" button until it works. "Xem trước"
 * shows the very PDF that will print.
 */
export function ReceiptPrint({ code, auto, previewFirst = false }: Props) {
  const waitForPreview = auto && previewFirst;
  const [state, setState] = useState<State>({ kind: waitForPreview ? "waiting" : "idle" });
  const [previewing, setPreviewing] = useState(waitForPreview);
  const reprint = !auto;

  const print = async () => {
    setPreviewing(false);
    setState({ kind: "printing" });
    try {
      await api.receiptPrint(code, reprint);
      setState({ kind: "done" });
    } catch (e) {
      setState({ kind: "failed", message: toApiError(e).message });
    }
  };

  useEffect(() => {
    if (auto && !previewFirst) void print();
  }, [code]);

  const previewButton = (
    <button type="button" id="preview-receipt" class="btn btn-secondary" onClick={() => setPreviewing(true)}>
      {S.preview.open}
    </button>
  );

  return (
    <div id={auto ? "receipt-print" : "receipt-reprint"} class="receipt-print" role="status" data-state={state.kind}>
      {!auto && state.kind !== "printing" && (
        <span class="actions-inline">
          <button type="button" id="reprint-receipt" class="btn btn-secondary" onClick={() => void print()}>
            {S.print.reprint}
          </button>
          {previewButton}
        </span>
      )}
      {state.kind === "waiting" && (
        <span class="actions-inline">
          <span class="muted">{S.preview.waiting}</span>
          <button type="button" id="print-receipt" class="btn btn-primary" onClick={() => void print()}>
            {S.preview.print}
          </button>
          {previewButton}
        </span>
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
      {previewing && (
        <PdfPreview
          title={reprint ? `${S.preview.receipt} — ${S.print.reprintMark}` : S.preview.receipt}
          load={() => api.receiptPdf(code, reprint)}
          onPrint={() => void print()}
          onClose={() => setPreviewing(false)}
        />
      )}
    </div>
  );
}
