import { useEffect, useRef } from "preact/hooks";
import type { RefObject } from "preact";

/** The open dialogs, innermost last: only it answers Escape and Tab. */
const open: Array<{ panel: RefObject<HTMLElement | null>; onClose: () => void }> = [];

function onKey(e: KeyboardEvent) {
  const top = open[open.length - 1];
  if (!top) return;
  if (e.key === "Escape") {
    e.preventDefault();
    e.stopPropagation();
    top.onClose();
  } else if (e.key === "Tab" && top.panel.current) {
    // keep Tab inside the dialog
    const items = Array.from(
      top.panel.current.querySelectorAll<HTMLElement>(
        "button:not([disabled]), [href], input, select, textarea, [tabindex='0']",
      ),
    );
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    const inside = top.panel.current.contains(document.activeElement);
    if (e.shiftKey && (document.activeElement === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  }
}

/**
 * Escape closes the dialog and Tab stays inside it. Dialogs stack (the dossier detail, then a
 * print preview over it): Escape closes only the innermost one.
 */
export function useDialogKeys(panel: RefObject<HTMLElement | null>, onClose: () => void) {
  // The latest onClose, while the dialog keeps its place in the stack from mount to unmount
  // (parents pass a new arrow on every render).
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const entry = { panel, onClose: () => close.current() };
    open.push(entry);
    if (open.length === 1) window.addEventListener("keydown", onKey, true);
    return () => {
      open.splice(open.indexOf(entry), 1);
      if (open.length === 0) window.removeEventListener("keydown", onKey, true);
    };
  }, []);
}
