import { useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { DossierSummary } from "../api";
import { Banner } from "../components/Banner";
import { DossierTable } from "../components/DossierTable";
import { TextField } from "../components/Field";
import { clean } from "../format";
import { S } from "../strings";

const DEBOUNCE_MS = 150;

interface Props {
  onOpen: (code: string) => void;
}

export function Search({ onOpen }: Props) {
  const [query, setQuery] = useState("");
  // results of the last finished search, and the query they answer
  const [results, setResults] = useState<DossierSummary[]>([]);
  const [doneFor, setDoneFor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    return () => window.clearTimeout(timer.current);
  }, []);

  const run = async (raw: string): Promise<DossierSummary[]> => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    const q = clean(raw);
    const my = ++seq.current;
    if (!q) {
      setResults([]);
      setDoneFor(null);
      setLoading(false);
      return [];
    }
    setLoading(true);
    try {
      const list = await api.dossiersSearch(q);
      if (my === seq.current) {
        setResults(list);
        setDoneFor(q);
        setError(null);
      }
      return list;
    } catch (e) {
      if (my === seq.current) {
        setResults([]);
        setDoneFor(null);
        setError(toApiError(e).message);
      }
      return [];
    } finally {
      if (my === seq.current) setLoading(false);
    }
  };

  const onKeyDown = async (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      const input = e.currentTarget as HTMLInputElement;
      const q = clean(input.value);
      const list = timer.current !== undefined || doneFor !== q || loading ? await run(input.value) : results;
      if (list[0]) onOpen(list[0].code);
    } else if (e.key === "ArrowDown") {
      const first = document.querySelector<HTMLElement>("#search-results tr.dossier-row");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  const q = clean(query);
  const showEmpty = q !== "" && doneFor === q && !loading && results.length === 0 && !error;

  return (
    <section id="search" class="screen" aria-labelledby="search-title">
      <div class="screen-head">
        <h1 id="search-title">{S.search.title}</h1>
      </div>
      <TextField
        id="search-input"
        label={S.search.label}
        fieldClass="search-field"
        hint={loading ? S.search.searching : S.search.hint}
        ref={inputRef}
        type="search"
        spellcheck={false}
        placeholder={S.search.placeholder}
        value={query}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setQuery(v);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void run(v), DEBOUNCE_MS);
        }}
        onKeyDown={(e) => void onKeyDown(e)}
      />
      <Banner message={error} />
      <div id="search-results" class="search-results">
        {results.length > 0 && <DossierTable id="search-table" rows={results} onOpen={onOpen} withDate />}
      </div>
      {showEmpty && (
        <p id="search-empty" class="empty">
          {S.search.empty}
        </p>
      )}
    </section>
  );
}
