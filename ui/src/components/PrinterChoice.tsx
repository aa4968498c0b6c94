import { useState } from "preact/hooks";
import type { PrinterConfig } from "../api";
import { Field } from "./Field";
import { S } from "../strings";

type Kind = PrinterConfig["kind"] | "none";

interface Props {
  /** "printer-a4", "printer-ticket": prefix of the ids */
  id: string;
  label: string;
  /** the backend's field name, for its error */
  field: string;
  error?: string;
  initial: PrinterConfig | null;
  /** the ticket printer may be absent; the A4 printer may not */
  allowNone: boolean;
  /** a thermal printer is reached raw (network, device, spooler by name), never "default" */
  thermal: boolean;
  onChange: (p: PrinterConfig | null) => void;
}

/** One printer of the counter: how it is reached, and the address, name or folder it needs. */
export function PrinterChoice(p: Props) {
  const init = p.initial;
  const [kind, setKind] = useState<Kind>(init?.kind ?? "none");
  const [name, setName] = useState(init?.kind === "system" ? init.name : "");
  const [dir, setDir] = useState(init?.kind === "folder" ? init.dir : "");
  const [host, setHost] = useState(init?.kind === "network" ? init.host : "");
  const [port, setPort] = useState(init?.kind === "network" ? String(init.port) : "9100");
  const [path, setPath] = useState(init?.kind === "device" ? init.path : "");

  const emit = (k: Kind, v: { name?: string; dir?: string; host?: string; port?: string; path?: string }) => {
    const get = <T,>(x: T | undefined, cur: T) => (x === undefined ? cur : x);
    switch (k) {
      case "none":
        return p.onChange(null);
      case "system":
        return p.onChange({ kind: k, name: get(v.name, name).trim() });
      case "folder":
        return p.onChange({ kind: k, dir: get(v.dir, dir).trim() });
      case "network":
        return p.onChange({ kind: k, host: get(v.host, host).trim(), port: Number.parseInt(get(v.port, port), 10) || 0 });
      case "device":
        return p.onChange({ kind: k, path: get(v.path, path).trim() });
      default:
        return p.onChange({ kind: "system_default" });
    }
  };
  const text = (id: string, label: string, value: string, set: (v: string) => void, key: keyof Parameters<typeof emit>[1]) => (
    <Field id={`${p.id}-${id}`} label={label}>
      <input
        id={`${p.id}-${id}`}
        value={value}
        onInput={(e) => {
          const v = e.currentTarget.value;
          set(v);
          emit(kind, { [key]: v });
        }}
      />
    </Field>
  );

  return (
    <>
      <Field id={`${p.id}-kind`} label={p.label} field={p.field} error={p.error}>
        <select
          id={`${p.id}-kind`}
          value={kind}
          onChange={(e) => {
            const k = e.currentTarget.value as Kind;
            setKind(k);
            emit(k, {});
          }}
        >
          {p.allowNone && <option value="none">{S.printers.kindNone}</option>}
          {!p.thermal && <option value="system_default">{S.printers.kindSystemDefault}</option>}
          <option value="system">{S.printers.kindSystem}</option>
          <option value="folder">{S.printers.kindFolder}</option>
          <option value="network">{S.printers.kindNetwork}</option>
          {p.thermal && <option value="device">{S.printers.kindDevice}</option>}
        </select>
      </Field>
      {kind === "system" && text("name", S.printers.name, name, setName, "name")}
      {kind === "folder" && text("dir", S.printers.dir, dir, setDir, "dir")}
      {kind === "network" && (
        <>
          {text("host", S.printers.host, host, setHost, "host")}
          {text("port", S.printers.port, port, setPort, "port")}
        </>
      )}
      {kind === "device" && text("path", S.printers.path, path, setPath, "path")}
    </>
  );
}
