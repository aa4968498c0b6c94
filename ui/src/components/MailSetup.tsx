import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { MailSecurity, MailSetup as Setup } from "../api";
import { Banner } from "./Banner";
import { Check } from "./Check";
import { Field, TextField } from "./Field";
import { LoadingCard } from "./LoadingCard";
import { useSubmit, wholeNumber } from "../hooks/useSubmit";
import { S } from "../strings";

const DEFAULT_PORT: Record<MailSecurity, string> = { starttls: "587", tls: "465", none: "25" };

/** Admin: this PC's mail server, through which apologies for late dossiers also go by email,
 * and "Gửi thư thử". The password is never shown again: left empty, the kept one stays. */
export function MailSetup() {
  const [setup, setSetup] = useState<Setup | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [host, setHost] = useState("");
  const [security, setSecurity] = useState<MailSecurity>("starttls");
  const [port, setPort] = useState(DEFAULT_PORT.starttls);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [fromAddress, setFromAddress] = useState("");
  const [fromName, setFromName] = useState("");
  const [testTo, setTestTo] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const { busy, errors, banner, setBanner, run } = useSubmit();

  const show = (s: Setup) => {
    setSetup(s);
    setEnabled(s.settings !== null);
    setPassword("");
    if (s.settings) {
      setHost(s.settings.host);
      setSecurity(s.settings.security);
      setPort(String(s.settings.port));
      setUsername(s.settings.username);
      setFromAddress(s.settings.from_address);
      setFromName(s.settings.from_name);
    }
  };

  useEffect(() => {
    api.mailSetup().then(show, (e) => setBanner(toApiError(e).message));
  }, []);

  const save = (e: Event) => {
    e.preventDefault();
    setDone(null);
    void run(async () => {
      const settings = enabled
        ? {
            host: host.trim(),
            port: wholeNumber(port),
            security,
            username: username.trim(),
            from_address: fromAddress.trim(),
            from_name: fromName.trim(),
          }
        : null;
      show(await api.mailSettingsSet(settings, password === "" ? null : password));
      setDone(S.mail.saved);
    });
  };

  const sendTest = () => {
    setDone(null);
    void run(async () => {
      await api.mailTest(testTo);
      setDone(S.mail.testSent(testTo.trim()));
    });
  };

  if (setup === null) {
    return <LoadingCard id="mail-setup" title={S.mail.title} banner={banner} bannerId="mail-error" />;
  }
  return (
    <form class="card" id="mail-setup" onSubmit={save} noValidate>
      <h2>{S.mail.title}</h2>
      <p class="muted small">{S.mail.hint}</p>
      <Banner message={banner} id="mail-error" />
      <Check id="mail-enabled" checked={enabled} onChange={setEnabled}>
        {S.mail.enabled}
      </Check>
      {enabled && (
        <>
          <div class="row">
            <TextField
              id="mail-host"
              label={S.mail.host}
              field="host"
              error={errors.host}
              placeholder="smtp.hanoi.gov.vn"
              spellcheck={false}
              value={host}
              onInput={(e) => setHost(e.currentTarget.value)}
            />
            <TextField
              id="mail-port"
              label={S.mail.port}
              field="port"
              error={errors.port}
              inputMode="numeric"
              class="narrow-field"
              value={port}
              onInput={(e) => setPort(e.currentTarget.value)}
            />
          </div>
          <Field id="mail-security" label={S.mail.security} field="security">
            <select
              id="mail-security"
              value={security}
              onChange={(e) => {
                const next = e.currentTarget.value as MailSecurity;
                // The port follows the protection unless the admin typed another one.
                if (port === DEFAULT_PORT[security]) setPort(DEFAULT_PORT[next]);
                setSecurity(next);
              }}
            >
              <option value="starttls">{S.mail.securityStarttls}</option>
              <option value="tls">{S.mail.securityTls}</option>
              <option value="none">{S.mail.securityNone}</option>
            </select>
          </Field>
          <div class="row">
            <TextField
              id="mail-username"
              label={S.mail.username}
              field="username"
              error={errors.username}
              autocomplete="off"
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
            <TextField
              id="mail-password"
              type="password"
              label={S.mail.password}
              autocomplete="new-password"
              placeholder={setup.has_password ? S.mail.passwordKept : ""}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          <div class="row">
            <TextField
              id="mail-from"
              type="email"
              label={S.mail.fromAddress}
              field="from_address"
              error={errors.from_address}
              value={fromAddress}
              onInput={(e) => setFromAddress(e.currentTarget.value)}
            />
            <TextField
              id="mail-from-name"
              label={S.mail.fromName}
              value={fromName}
              onInput={(e) => setFromName(e.currentTarget.value)}
            />
          </div>
        </>
      )}
      <div class="actions">
        <button type="submit" id="mail-save" class="btn btn-primary" disabled={busy}>
          {S.mail.save}
        </button>
      </div>
      {setup.settings && (
        <div class="row row-end">
          <TextField
            id="mail-test-to"
            type="email"
            label={S.mail.testTo}
            field="to"
            error={errors.to}
            value={testTo}
            onInput={(e) => setTestTo(e.currentTarget.value)}
          />
          <button type="button" id="mail-test" class="btn" disabled={busy} onClick={sendTest}>
            {S.mail.test}
          </button>
        </div>
      )}
      {done && (
        <p id="mail-state" role="status" class="result-ok">
          {done}
        </p>
      )}
    </form>
  );
}
