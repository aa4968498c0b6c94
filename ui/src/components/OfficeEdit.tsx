import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { Office } from "../api";
import { Banner } from "./Banner";
import { LoadingCard } from "./LoadingCard";
import { Field, TextField } from "./Field";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { clean, lines } from "../format";
import { S } from "../strings";

interface Props {
  /** the header shows the office name and counter number: read again after a save */
  onSaved: (office: Office) => void;
}

/** Admin: the office's data after the first run (the unit code is shown, not editable). */
export function OfficeEdit({ onSaved }: Props) {
  const [office, setOffice] = useState<Office | null>(null);
  const [name, setName] = useState("");
  const [address, setAddress] = useState("");
  const [place, setPlace] = useState("");
  const [counter, setCounter] = useState("");
  const [hotlines, setHotlines] = useState("");
  const [email, setEmail] = useState("");
  const [channels, setChannels] = useState("");
  const [saved, setSaved] = useState(false);
  const { busy, errors, banner, setBanner, run } = useSubmit();

  const show = (o: Office) => {
    setOffice(o);
    setName(o.name);
    setAddress(o.address);
    setPlace(o.place_name);
    setCounter(String(o.counter_number));
    setHotlines(o.hotlines.join("\n"));
    setEmail(o.feedback_email);
    setChannels(o.other_channels.join("\n"));
  };

  useEffect(() => {
    api.appStatus().then(
      (st) => st.office && show(st.office),
      (e) => setBanner(toApiError(e).message),
    );
  }, []);

  if (office === null) {
    return <LoadingCard id="office-edit" title={S.officeEdit.title} banner={banner} bannerId="office-edit-error" />;
  }

  const save = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      const updated = await api.officeUpdate({
        ...office,
        name: clean(name),
        address: clean(address),
        place_name: clean(place),
        counter_number: wholeNumber(counter),
        hotlines: lines(hotlines),
        feedback_email: clean(email),
        other_channels: lines(channels),
      });
      show(updated);
      setSaved(true);
      onSaved(updated);
    });
  };

  const area = (id: string, label: string, field: string, value: string, set: (v: string) => void) => (
    <Field id={id} label={label} field={field} error={errors[field]}>
      <textarea id={id} rows={2} value={value} onInput={(e) => set(e.currentTarget.value)} />
    </Field>
  );

  return (
    <form class="card" id="office-edit" onSubmit={save} noValidate>
      <h2>{S.officeEdit.title}</h2>
      <p class="muted small">{S.officeEdit.hint}</p>
      <Banner message={banner} id="office-edit-error" />
      <p>
        {S.officeEdit.unitCode}: <span class="mono" id="office-unit-code">{office.unit_code}</span>
      </p>
      <TextField id="office-name" label={S.setup.name} field="name" error={errors.name} value={name}
        onInput={(e) => setName(e.currentTarget.value)} />
      <TextField id="office-address" label={S.setup.address} field="address" error={errors.address} value={address}
        onInput={(e) => setAddress(e.currentTarget.value)} />
      <TextField id="office-place" label={S.setup.place} field="place_name" error={errors.place_name} value={place}
        onInput={(e) => setPlace(e.currentTarget.value)} />
      <TextField id="office-counter" label={S.setup.counter} field="counter_number" error={errors.counter_number}
        inputMode="numeric" value={counter} onInput={(e) => setCounter(e.currentTarget.value)} />
      {area("office-hotlines", S.setup.hotlines, "hotlines", hotlines, setHotlines)}
      <TextField id="office-email" label={S.setup.email} field="feedback_email" error={errors.feedback_email}
        value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      {area("office-channels", S.setup.channels, "other_channels", channels, setChannels)}
      <div class="actions">
        <button type="submit" id="office-save" class="btn btn-primary" disabled={busy}>
          {S.officeEdit.save}
        </button>
      </div>
      <p id="office-edit-result" role="status" class="result-ok">{saved ? S.officeEdit.saved : null}</p>
    </form>
  );
}
