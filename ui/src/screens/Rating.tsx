import { useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { RatingCriterion, RatingDraft, RatingLevel, RatingRequest } from "../api";
import { Banner } from "../components/Banner";
import { S } from "../strings";

const LEVELS: RatingLevel[] = ["very_satisfied", "satisfied", "dissatisfied"];
const CRITERIA: RatingCriterion[] = ["access", "procedure", "officer", "result", "feedback_handling"];
/** How often the citizen's screen looks for a question from the counter. */
const POLL_MS = 1000;
/** How long the thanks stay up. */
const THANKS_MS = 4000;

function serviceLabel(r: RatingRequest): string {
  return r.service.of === "ticket" ? r.service.label : r.service.code;
}

/**
 * The citizen's screen (its own window, on the monitor facing the citizen): idle until the
 * clerk asks for a rating, then three large choices, optional SIPAS criteria and a comment.
 * No personal data is asked for.
 */
export function Rating() {
  const [request, setRequest] = useState<RatingRequest | null>(null);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [criteria, setCriteria] = useState<Partial<Record<RatingCriterion, RatingLevel>>>({});
  const [comment, setComment] = useState("");
  const [thanks, setThanks] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The question on screen, as last polled (JSON), to tell a new one from the same one. */
  const shown = useRef("null");

  useEffect(() => {
    let alive = true;
    const poll = async () => {
      try {
        const r = await api.ratingPending();
        if (!alive) return;
        // A different question (or none): start from a blank answer.
        const key = JSON.stringify(r);
        if (key !== shown.current) {
          shown.current = key;
          setRequest(r);
          setLevel(null);
          setCriteria({});
          setComment("");
          setError(null);
        }
      } catch {
        /* the counter app is busy or signed out: ask again next time */
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  const send = async () => {
    if (!level) return;
    const draft: RatingDraft = {
      level,
      criteria: CRITERIA.filter((c) => criteria[c]).map((c) => [c, criteria[c] as RatingLevel]),
      comment,
    };
    try {
      await api.ratingSubmit(draft);
      setRequest(null);
      setThanks(true);
      setTimeout(() => setThanks(false), THANKS_MS);
    } catch (e) {
      setError(toApiError(e).message);
    }
  };

  if (thanks) {
    return (
      <div class="rating-screen">
        <p class="rating-thanks" id="rating-thanks">{S.rating.thanks}</p>
      </div>
    );
  }
  if (!request) {
    return (
      <div class="rating-screen">
        <p class="rating-idle" id="rating-idle">{S.rating.idle}</p>
      </div>
    );
  }
  return (
    <div class="rating-screen">
      <h1 class="rating-title">{S.rating.title}</h1>
      <p class="muted" id="rating-service">{S.rating.service(serviceLabel(request))}</p>
      {error && <Banner id="rating-error" message={error} />}
      <div class="rating-levels">
        {LEVELS.map((l) => (
          <button
            type="button"
            key={l}
            id={`rating-${l}`}
            class={`rating-level rating-${l}${level === l ? " chosen" : ""}`}
            aria-pressed={level === l}
            onClick={() => setLevel(l)}
          >
            {S.rating.levels[l]}
          </button>
        ))}
      </div>
      <details class="rating-criteria">
        <summary>{S.rating.criteriaTitle}</summary>
        {CRITERIA.map((c) => (
          <div class="rating-criterion" key={c}>
            <span>{S.rating.criteria[c]}</span>
            {LEVELS.map((l) => (
              <button
                type="button"
                key={l}
                class={`btn${criteria[c] === l ? " btn-primary" : ""}`}
                aria-pressed={criteria[c] === l}
                onClick={() => setCriteria({ ...criteria, [c]: l })}
              >
                {S.rating.levels[l]}
              </button>
            ))}
          </div>
        ))}
      </details>
      <label class="rating-comment">
        {S.rating.comment}
        <textarea id="rating-comment" maxLength={500} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <div class="rating-actions">
        <button type="button" id="rating-send" class="btn btn-primary btn-large" disabled={!level} onClick={() => void send()}>
          {S.rating.send}
        </button>
        <button type="button" id="rating-skip" class="btn" onClick={() => void api.ratingCancel().then(() => setRequest(null))}>
          {S.rating.skip}
        </button>
      </div>
    </div>
  );
}
