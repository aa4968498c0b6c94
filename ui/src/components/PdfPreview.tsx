import { useEffect, useRef, useState } from "preact/hooks";
import { toApiError } from "../api";
import { S } from "../strings";
import { useDialogKeys } from "../hooks/useDialogKeys";

type State = { kind: "loading" } | { kind: "ready"; pages: number } | { kind: "failed"; message: string };

interface Props {
  title: string;
  /** The exact PDF the printer would get. */
  load: () => Promise<ArrayBuffer>;
  /** "In" from the preview; the preview closes once it has been sent. */
  onPrint: () => void;
  onClose: () => void;
}

/** CSS pixels of a rendered page's width; the canvas has more for sharp text on HiDPI screens. */
const PAGE_WIDTH_PX = 760;

/**
 * "Xem trước": the paper's PDF drawn page by page with pdf.js, so the clerk sees exactly what
 * will print (same bytes, same embedded font) before paper is used. pdf.js is loaded only
 * when a preview is first opened; nothing else in the app pays for it.
 */
export function PdfPreview({ title, load, onPrint, onClose }: Props) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const pagesRef = useRef<HTMLDivElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let alive = true;
    let destroy: (() => void) | null = null;
    (async () => {
      let bytes: ArrayBuffer;
      try {
        bytes = await load();
      } catch (e) {
        // the backend's own message: which field is missing, printer-independent
        if (alive) setState({ kind: "failed", message: toApiError(e).message });
        return;
      }
      const pdfjs = await loadPdfJs();
      if (!alive) return;
      const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      const holder = pagesRef.current;
      if (!alive || !holder) return;
      holder.replaceChildren();
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const base = page.getViewport({ scale: 1 });
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: (PAGE_WIDTH_PX / base.width) * ratio });
        const canvas = document.createElement("canvas");
        canvas.className = "preview-page";
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${PAGE_WIDTH_PX}px`;
        canvas.setAttribute("aria-label", S.preview.page(n, doc.numPages));
        holder.appendChild(canvas);
        await page.render({ canvas, viewport }).promise;
        if (!alive) return;
      }
      setState({ kind: "ready", pages: doc.numPages });
      printRef.current?.focus();
    })().catch((e) => {
      // pdf.js speaks English; the clerk gets Vietnamese, the console keeps the detail
      console.error("preview failed", e);
      if (alive) setState({ kind: "failed", message: S.preview.renderFailed });
    });
    return () => {
      alive = false;
      destroy?.();
    };
  }, []);

  useDialogKeys(panelRef, onClose);

  return (
    <div class="overlay preview-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        id="pdf-preview"
        class="preview-panel"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-state={state.kind}
        data-pages={state.kind === "ready" ? state.pages : undefined}
        ref={panelRef}
      >
        <div class="preview-head">
          <strong>{title}</strong>
          {state.kind === "ready" && <span class="muted">{S.preview.pages(state.pages)}</span>}
          <span class="spacer" />
          <button
            type="button"
            id="preview-print"
            class="btn btn-primary"
            ref={printRef}
            disabled={state.kind !== "ready"}
            onClick={onPrint}
          >
            {S.preview.print}
          </button>
          <button type="button" id="preview-close" class="btn btn-secondary" onClick={onClose}>
            {S.preview.close}
          </button>
        </div>
        {state.kind === "loading" && <p class="muted">{S.preview.loading}</p>}
        {state.kind === "failed" && (
          <p class="field-error" role="alert">
            <strong>{S.preview.failed}</strong> {state.message}
          </p>
        )}
        <div class="preview-pages" ref={pagesRef} />
      </div>
    </div>
  );
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfJs: Promise<PdfJs> | null = null;

/** pdf.js and its worker, loaded once. The legacy build also runs on older WebView2/WebKit. */
function loadPdfJs(): Promise<PdfJs> {
  pdfJs ??= Promise.all([
    import("pdfjs-dist/legacy/build/pdf.mjs"),
    import("pdfjs-dist/legacy/build/pdf.worker.min.mjs?url"),
  ]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return pdfJs;
}
