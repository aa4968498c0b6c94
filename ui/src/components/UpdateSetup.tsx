import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { UpdateOffer } from "../api";
import { Banner } from "./Banner";
import { LoadingCard } from "./LoadingCard";
import { TextField } from "./Field";
import { useSubmit } from "../hooks/useSubmit";
import { S } from "../strings";

/** Admin: where this PC looks for updates, a check, and the install at the admin's click
 * (the app restarts into the new version; a refusal is shown here and nothing changes). */
export function UpdateSetup() {
  const [loaded, setLoaded] = useState(false);
  const [url, setUrl] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [offer, setOffer] = useState<UpdateOffer | null>(null);
  const [installing, setInstalling] = useState(false);
  const { busy, errors, banner, setBanner, run } = useSubmit();

  useEffect(() => {
    api.updateSourceGet().then(
      (u) => {
        setUrl(u ?? "");
        setLoaded(true);
      },
      (e) => setBanner(toApiError(e).message),
    );
  }, []);

  const save = (e: Event) => {
    e.preventDefault();
    setOffer(null);
    void run(async () => {
      const u = await api.updateSourceSet(url.trim() === "" ? null : url.trim());
      setUrl(u ?? "");
      setSaved(S.updates.saved);
    });
  };

  const check = () => {
    setSaved(null);
    setOffer(null);
    void run(async () => setOffer(await api.updateCheck()));
  };

  const install = () => {
    setInstalling(true);
    void run(
      async () => {
        await api.updateInstall();
      },
      () => setInstalling(false),
    );
  };

  if (!loaded) {
    return <LoadingCard id="update-setup" title={S.updates.title} banner={banner} bannerId="update-error" />;
  }
  const state = installing && busy
    ? S.updates.installing
    : offer
      ? offer.available
        ? S.updates.available(offer.available, offer.current)
        : S.updates.newest(offer.current)
      : saved;
  return (
    <form class="card" id="update-setup" onSubmit={save} noValidate>
      <h2>{S.updates.title}</h2>
      <p class="muted small">{S.updates.hint}</p>
      <Banner message={banner} id="update-error" />
      <TextField
        id="update-source"
        label={S.updates.source}
        field="url"
        error={errors.url}
        hint={S.updates.sourceHint}
        value={url}
        onInput={(e) => setUrl(e.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" id="update-source-save" class="btn" disabled={busy}>
          {S.updates.save}
        </button>
        <button type="button" id="update-check" class="btn btn-primary" disabled={busy} onClick={check}>
          {S.updates.check}
        </button>
        {offer?.available && (
          <button type="button" id="update-install" class="btn btn-primary" disabled={busy} onClick={install}>
            {S.updates.install}
          </button>
        )}
      </div>
      <p id="update-state" role="status" class="result-ok">{state}</p>
      {offer?.notes && <p class="small" id="update-notes">{offer.notes}</p>}
    </form>
  );
}
