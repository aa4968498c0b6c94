import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { MailState } from "../api";
import { dateTimeVn } from "../format";
import { S } from "../strings";

/** The letters of a dossier that go by email (its apologies) and how their sending went;
 * asked again every few seconds while one is still waiting. */
export function DossierMails({ code, version }: { code: string; version: number }) {
  const [mails, setMails] = useState<MailState[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api.dossierMails(code).then(
      (m) => {
        setMails(m);
        setError(null);
      },
      (e) => setError(toApiError(e).message),
    );

  useEffect(() => {
    void load();
  }, [code, version]);

  const waiting = mails.some((m) => m.sent_at === null);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [code, waiting]);

  if (mails.length === 0 && !error) return null;
  return (
    <section class="detail-wide" id="dossier-mails">
      {error && <p class="error-text">{error}</p>}
      <ul class="small">
        {mails.map((m) => (
          <li key={m.item.id} class="dossier-mail" data-sent={m.sent_at ? "true" : "false"}>
            <strong>{S.mail.letter(m.item.recipient)}</strong>:{" "}
            {m.sent_at
              ? S.mail.sentAt(dateTimeVn(m.sent_at))
              : m.last_error
                ? S.mail.failed(m.last_error, m.attempts, m.next_attempt_at ? dateTimeVn(m.next_attempt_at) : null)
                : S.mail.waiting}
          </li>
        ))}
      </ul>
      {waiting && (
        <button
          type="button"
          id="mails-retry"
          class="btn"
          onClick={() => void api.mailsRetry().then(load, (e) => setError(toApiError(e).message))}
        >
          {S.mail.retry}
        </button>
      )}
    </section>
  );
}
