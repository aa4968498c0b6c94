import type { ProcedurePaper } from "../api";
import { paperLabel } from "../format";
import { S } from "../strings";
import { FieldError } from "./Field";

export interface PaperState {
  checked: boolean;
  count: string;
}

interface Props {
  papers: ProcedurePaper[];
  state: PaperState[];
  error?: string;
  onChange: (index: number, next: PaperState) => void;
  onAll: () => void;
}

/** The checklist of papers of the chosen procedure, with a count for each. */
export function Papers({ papers, state, error, onChange, onAll }: Props) {
  return (
    <div class={`field papers-field${error ? " has-error" : ""}`}>
      <div class="papers-head">
        <span class="label-like" id="papers-label">
          {S.intake.papers}
        </span>
        <button
          type="button"
          id="papers-all"
          class="btn btn-secondary btn-small"
          disabled={papers.length === 0}
          onClick={onAll}
        >
          {S.intake.papersAll}
        </button>
      </div>
      <div id="papers" class="papers" role="group" aria-labelledby="papers-label">
        {papers.length === 0 && <div class="muted papers-none">{S.intake.papersNone}</div>}
        {papers.map((p, i) => {
          const st = state[i] ?? { checked: false, count: String(p.count) };
          const id = `paper-${i}`;
          return (
            <div class={`paper-row${st.checked ? " checked" : ""}`} key={`${i}-${p.name}`}>
              <input
                type="checkbox"
                id={id}
                class="paper-check"
                checked={st.checked}
                onChange={(e) => onChange(i, { ...st, checked: e.currentTarget.checked })}
              />
              <label for={id} class="paper-label">
                {paperLabel(p)}
              </label>
              <input
                type="number"
                class="paper-count"
                min={1}
                step={1}
                aria-label={`${S.intake.paperCount}: ${p.name}`}
                title={S.intake.paperCount}
                value={st.count}
                onInput={(e) => onChange(i, { ...st, count: e.currentTarget.value })}
              />
            </div>
          );
        })}
      </div>
      {error && (
        <FieldError id="papers" field="papers">
          {error}
        </FieldError>
      )}
    </div>
  );
}
