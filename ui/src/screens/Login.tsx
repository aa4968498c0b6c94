import { useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../api";
import type { Office, Session } from "../api";
import { Banner } from "../components/Banner";
import { TextField } from "../components/Field";
import { clean } from "../format";
import { S } from "../strings";

interface Props {
  office: Office | null;
  notice?: string;
  noticeKind?: "info" | "error";
  onLoggedIn: (s: Session) => void;
}

export function Login({ office, notice, noticeKind, onLoggedIn }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    userRef.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const u = clean(username);
    if (!u || !password) {
      setError(S.login.empty);
      (u ? passRef : userRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const s = await api.login(u, password.normalize("NFC"));
      onLoggedIn(s);
    } catch (err) {
      setError(toApiError(err).message);
      setPassword("");
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="center-page login-page">
      <form id="login" class="card narrow" onSubmit={submit} noValidate>
        <div class="login-brand">
          <div class="login-app">{S.appName}</div>
          {office && <div class="login-office">{office.name}</div>}
        </div>
        <h1 class="card-title">{S.login.title}</h1>
        {notice && !error && <Banner message={notice} kind={noticeKind ?? "info"} id="login-notice" />}
        <TextField
          id="login-username"
          label={S.login.username}
          ref={userRef}
          autoComplete="username"
          autoCapitalize="off"
          spellcheck={false}
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <TextField
          id="login-password"
          label={S.login.password}
          ref={passRef}
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <div id="login-error" class="login-error" role="alert" hidden={!error}>
          {error}
        </div>
        <button type="submit" id="login-submit" class="btn btn-primary btn-large btn-block" disabled={busy}>
          {busy ? S.login.submitting : S.login.submit}
        </button>
      </form>
    </div>
  );
}
