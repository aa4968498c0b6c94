import { S } from "../strings";

interface BannerProps {
  message: string | null;
  /** extra lines (e.g. field errors that have no input on screen) */
  details?: string[];
  kind?: "error" | "info" | "success";
  onClose?: () => void;
  id?: string;
}

/** A general message above the content of a screen. */
export function Banner({ message, details, kind = "error", onClose, id }: BannerProps) {
  if (!message) return null;
  return (
    <div
      class={`banner banner-${kind}`}
      role={kind === "error" ? "alert" : "status"}
      id={id ?? (kind === "error" ? "error-banner" : undefined)}
    >
      <div class="banner-text">
        <span>{message}</span>
        {details && details.length > 0 && (
          <ul>
            {details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        )}
      </div>
      {onClose && (
        <button type="button" class="banner-close" onClick={onClose} aria-label={S.errors.close}>
          ×
        </button>
      )}
    </div>
  );
}
