import { useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { Procedure } from "../api";
import { clean, feeText, processingText } from "../format";
import { S } from "../strings";
import { FieldError } from "./Field";

const MAX_OPTIONS = 10;
const DEBOUNCE_MS = 120;

interface Props {
  chosen: Procedure | null;
  error?: string;
  onChoose: (p: Procedure) => void;
  onClear: () => void;
}

/** Type-ahead over the procedure catalog, then a summary of the chosen one. */
export function ProcedurePicker({ chosen, error, onChoose, onClear }: Props) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Procedure[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const wrapRef = useRef<HTMLDivElement>(null);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const run = async (q: string): Promise<Procedure[]> => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    const my = ++seq.current;
    setLoading(true);
    try {
      const list = (await api.proceduresSearch(clean(q))).filter((p) => !p.hidden).slice(0, MAX_OPTIONS);
      if (my === seq.current) {
        setResults(list);
        setActive(0);
        setLoadError(null);
      }
      return list;
    } catch (e) {
      if (my === seq.current) {
        setResults([]);
        setLoadError(toApiError(e).message);
      }
      return [];
    } finally {
      if (my === seq.current) setLoading(false);
    }
  };

  const schedule = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void run(q), DEBOUNCE_MS);
  };

  const pick = (p: Procedure) => {
    setOpen(false);
    onChoose(p);
  };

  const onKeyDown = async (e: KeyboardEvent) => {
    const input = e.currentTarget as HTMLInputElement;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        if (results.length === 0) void run(input.value);
        return;
      }
      setActive((a) => Math.min(a + 1, Math.max(results.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      let list = results;
      let idx = active;
      if (timer.current !== undefined || loading) {
        // typed faster than the debounce: search now, then take the first match
        list = await run(input.value);
        idx = 0;
      }
      const p = list[idx];
      if (p) pick(p);
      else setOpen(true);
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
      }
    }
  };

  const onFocusOut = (e: FocusEvent) => {
    const next = e.relatedTarget as Node | null;
    if (!next || !wrapRef.current?.contains(next)) setOpen(false);
  };

  if (chosen) {
    return (
      <div class="field">
        <span class="label-like">{S.intake.procedure}</span>
        <div id="procedure-chosen" class="procedure-chosen">
          <div class="procedure-chosen-text">
            <div class="procedure-name">{chosen.name}</div>
            <div class="procedure-meta">
              <span>
                {S.intake.code}: <b>{chosen.code}</b>
              </span>
              <span>
                {S.intake.field}: {chosen.field}
              </span>
              <span>
                {S.intake.fee}: {feeText(chosen)}
              </span>
            </div>
          </div>
          <button
            type="button"
            id="procedure-change"
            class="btn btn-secondary btn-small"
            onClick={() => {
              onClear();
              setOpen(true);
              if (results.length === 0) void run(query);
              window.setTimeout(() => {
                const el = document.getElementById("procedure-search") as HTMLInputElement | null;
                el?.focus();
                el?.select();
              }, 0);
            }}
          >
            {S.intake.procedureChange}
          </button>
        </div>
        {error && (
          <FieldError id="procedure-search" field="procedure_code">
            {error}
          </FieldError>
        )}
      </div>
    );
  }

  const activeId = open && results[active] ? `procedure-option-${active}` : undefined;
  return (
    <div class={`field procedure-picker${error ? " has-error" : ""}`} ref={wrapRef} onFocusOut={onFocusOut}>
      <label for="procedure-search">{S.intake.procedure}</label>
      <input
        id="procedure-search"
        type="text"
        autoComplete="off"
        spellcheck={false}
        role="combobox"
        aria-expanded={open}
        aria-controls="procedure-list"
        aria-activedescendant={activeId}
        aria-invalid={error ? true : undefined}
        placeholder={S.intake.procedurePlaceholder}
        value={query}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setQuery(v);
          setOpen(true);
          schedule(v);
        }}
        onFocus={(e) => {
          setOpen(true);
          if (results.length === 0 && timer.current === undefined) void run(e.currentTarget.value);
        }}
        onKeyDown={(e) => void onKeyDown(e)}
      />
      {error && (
        <FieldError id="procedure-search" field="procedure_code">
          {error}
        </FieldError>
      )}
      {open && (
        <div id="procedure-list" class="procedure-list" role="listbox" aria-label={S.intake.procedureListLabel}>
          {loadError && <div class="procedure-empty error-text">{loadError}</div>}
          {!loadError && results.length === 0 && (
            <div class="procedure-empty">{loading ? S.intake.procedureSearching : S.intake.procedureNone}</div>
          )}
          {results.map((p, i) => (
            <button
              type="button"
              key={p.code}
              id={`procedure-option-${i}`}
              class={`procedure-option${i === active ? " active" : ""}`}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              data-code={p.code}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(p)}
            >
              <span class="procedure-option-name">{p.name}</span>
              <span class="procedure-option-meta">
                {p.code} · {processingText(p.processing)}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
