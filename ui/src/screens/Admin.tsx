import { useEffect, useRef, useState } from "preact/hooks";
import { api, fieldMap, toApiError } from "../api";
import type { Role, UserInfo } from "../api";
import { Banner } from "../components/Banner";
import { CitySetup } from "../components/CitySetup";
import { Field } from "../components/Field";
import { PrinterSetup } from "../components/PrinterSetup";
import { QueueHostingSetup } from "../components/QueueHostingSetup";
import { BackupSetup } from "../components/BackupSetup";
import { MailSetup } from "../components/MailSetup";
import { SupportExport } from "../components/SupportExport";
import { UpdateSetup } from "../components/UpdateSetup";
import { OfficeEdit } from "../components/OfficeEdit";
import type { Office } from "../api";
import { QueueSetup } from "../components/QueueSetup";
import { clean } from "../format";
import { S } from "../strings";

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(typeof r.result === "string" ? r.result : "");
    r.onerror = () => reject(r.error);
    r.readAsText(file, "utf-8");
  });
}

/** Field errors may come as "username" or "user.username". */
function pick(map: Record<string, string>, name: string): string | undefined {
  return map[name] ?? map[`user.${name}`];
}

interface Props {
  counterNumber: number;
  onQueueEnrolled: () => void;
  /** the PC was enrolled with the city server: the sync line reads its state again */
  onCityEnrolled: () => void;
  /** the office's data was edited: the header shows the new name and counter */
  onOfficeSaved: (office: Office) => void;
}

export function Admin({ counterNumber, onQueueEnrolled, onCityEnrolled, onOfficeSaved }: Props) {
  const [users, setUsers] = useState<UserInfo[] | null>(null);
  const [linkVersion, setLinkVersion] = useState(0);
  const [listError, setListError] = useState<string | null>(null);

  const [name, setName] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("clerk");
  const [userErrors, setUserErrors] = useState<Record<string, string>>({});
  const [userBanner, setUserBanner] = useState<string | null>(null);
  const [userDone, setUserDone] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const fileRef = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [importResult, setImportResult] = useState<{ ok: boolean; text: string } | null>(null);

  const loadUsers = async () => {
    try {
      setUsers(await api.usersList());
      setListError(null);
    } catch (e) {
      setListError(toApiError(e).message);
      setUsers((u) => u ?? []);
    }
  };

  useEffect(() => {
    void loadUsers();
    document.getElementById("user-name")?.focus();
  }, []);

  const createUser = async (e: Event) => {
    e.preventDefault();
    if (creating) return;
    setCreating(true);
    setUserErrors({});
    setUserBanner(null);
    setUserDone(null);
    try {
      const u = await api.userCreate(
        { full_name: clean(name), username: clean(username), password: password.normalize("NFC") },
        role,
      );
      setUserDone(S.admin.created(u.username));
      setName("");
      setUsername("");
      setPassword("");
      setRole("clerk");
      await loadUsers();
      document.getElementById("user-name")?.focus();
    } catch (err) {
      const ae = toApiError(err);
      const map = fieldMap(ae);
      setUserErrors(map);
      setUserBanner(ae.message);
      const firstId = pick(map, "full_name")
        ? "user-name"
        : pick(map, "username")
          ? "user-username"
          : pick(map, "password")
            ? "user-password"
            : null;
      if (firstId) document.getElementById(firstId)?.focus();
    } finally {
      setCreating(false);
    }
  };

  const importCatalog = async () => {
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setImportResult({ ok: false, text: S.admin.catalogNoFile });
      fileRef.current?.focus();
      return;
    }
    setImporting(true);
    setImportResult(null);
    try {
      let content: string;
      try {
        content = await readText(file);
      } catch {
        setImportResult({ ok: false, text: S.errors.fileRead });
        return;
      }
      const r = await api.catalogImport(content, file.name);
      setImportResult({ ok: true, text: S.admin.catalogResult(r.created, r.updated) });
    } catch (err) {
      const ae = toApiError(err);
      const details = ae.fields.map((f) => f.message);
      setImportResult({ ok: false, text: [ae.message, ...details].join(" ") });
    } finally {
      setImporting(false);
    }
  };

  return (
    <section id="admin" class="screen" aria-labelledby="admin-title">
      <div class="screen-head">
        <h1 id="admin-title">{S.admin.title}</h1>
      </div>
      <div class="admin-grid">
        <div class="card">
          <h2>{S.admin.usersTitle}</h2>
          <Banner message={listError} />
          {users === null ? (
            <p class="muted">{S.loading}</p>
          ) : (
            <table id="users-list" class="data-table">
              <thead>
                <tr>
                  <th scope="col">{S.admin.colName}</th>
                  <th scope="col">{S.admin.colUsername}</th>
                  <th scope="col">{S.admin.colRole}</th>
                  <th scope="col">{S.admin.colActive}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={String(u.id)} class="user-row">
                    <td>{u.full_name}</td>
                    <td>{u.username}</td>
                    <td>{u.role_label}</td>
                    <td>{u.active ? S.admin.active : S.admin.inactive}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>

        <div class="admin-side">
          <form class="card" onSubmit={createUser} noValidate>
            <h2>{S.admin.createTitle}</h2>
            <Banner message={userBanner} />
            <Banner message={userDone} kind="success" id="user-created" />
            <Field id="user-name" label={S.admin.userName} field="full_name" error={pick(userErrors, "full_name")}>
              <input id="user-name" type="text" autoComplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <div class="row">
              <Field id="user-username" label={S.admin.userUsername} field="username" error={pick(userErrors, "username")}>
                <input
                  id="user-username"
                  type="text"
                  autoComplete="off"
                  spellcheck={false}
                  value={username}
                  onInput={(e) => setUsername(e.currentTarget.value)}
                />
              </Field>
              <Field id="user-password" label={S.admin.userPassword} field="password" error={pick(userErrors, "password")}>
                <input
                  id="user-password"
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </Field>
            </div>
            <Field id="user-role" label={S.admin.userRole} field="role" error={userErrors.role}>
              <select id="user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                <option value="clerk">{S.admin.roleClerk}</option>
                <option value="supervisor">{S.admin.roleSupervisor}</option>
                <option value="admin">{S.admin.roleAdmin}</option>
              </select>
            </Field>
            <div class="actions">
              <button type="submit" id="user-create" class="btn btn-primary" disabled={creating}>
                {creating ? S.admin.creating : S.admin.create}
              </button>
            </div>
          </form>

          <div class="card">
            <h2>{S.admin.catalogTitle}</h2>
            <div class="field">
              <label for="catalog-file">{S.admin.catalogFile}</label>
              <input id="catalog-file" ref={fileRef} type="file" accept=".json,.csv,application/json,text/csv" />
            </div>
            <div class="actions">
              <button
                type="button"
                id="catalog-import"
                class="btn btn-primary"
                disabled={importing}
                onClick={() => void importCatalog()}
              >
                {importing ? S.admin.importing : S.admin.catalogImport}
              </button>
            </div>
            <p
              id="catalog-result"
              class={importResult ? (importResult.ok ? "result-ok" : "error-text") : ""}
              role="status"
            >
              {importResult?.text}
            </p>
          </div>
          <OfficeEdit onSaved={onOfficeSaved} />
          <PrinterSetup />
          {/* hosting enrols this PC with its own hub: the link card is read again */}
          <QueueSetup key={linkVersion} counterNumber={counterNumber} onEnrolled={onQueueEnrolled} />
          <QueueHostingSetup
            onChanged={() => {
              setLinkVersion((v) => v + 1);
              onQueueEnrolled();
            }}
          />
          <CitySetup onEnrolled={onCityEnrolled} />
          <BackupSetup />
          <MailSetup />
          <UpdateSetup />
          <SupportExport />
        </div>
      </div>
    </section>
  );
}
