import { useState } from "preact/hooks";
import { api } from "../api";
import { Banner } from "./Banner";
import { useSubmit } from "../hooks/useSubmit";
import { S } from "../strings";

/** Admin: "Xuất nhật ký", the logs and this PC's setup in one zip for the IT officer. */
export function SupportExport() {
  const [done, setDone] = useState<string | null>(null);
  const { busy, banner, run } = useSubmit();

  const exportLogs = () => {
    setDone(null);
    void run(async () => {
      const bundle = await api.logsExport();
      setDone(S.support.done(bundle.path, bundle.log_files));
    });
  };

  return (
    <section class="card" id="support">
      <h2>{S.support.title}</h2>
      <p class="muted small">{S.support.hint}</p>
      <Banner message={banner} id="logs-export-error" />
      <div class="actions">
        <button type="button" id="logs-export" class="btn" disabled={busy} onClick={exportLogs}>
          {S.support.export}
        </button>
      </div>
      <p id="logs-export-result" role="status" class="result-ok">{done}</p>
    </section>
  );
}
