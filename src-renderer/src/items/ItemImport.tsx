import { useState } from 'react';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';

type Report = Awaited<ReturnType<typeof api.importItems>>;

/** Imports items from a file path or pasted JSONL/CSV and shows what was read, imported and refused. */
export function ItemImport({ projectId, onImported }: { projectId: string; onImported(): void }) {
  const [path, setPath] = useState('');
  const [content, setContent] = useState('');
  const [format, setFormat] = useState<'' | 'jsonl' | 'csv'>('');
  const [report, setReport] = useState<Report | null>(null);
  const [busy, run] = useBusy();

  const importNow = async () => {
    await run(async () => {
      const source = content.trim() ? { content } : { path: path.trim() };
      const r = await api.importItems({ project_id: projectId, ...source, ...(format ? { format } : {}) });
      setReport(r);
      if (content.trim()) setContent('');
      // Hand the keyboard to the labeler: number keys and Enter go to the first item.
      (document.activeElement as HTMLElement | null)?.blur();
      onImported();
    });
  };

  return (
    <section className="item-import" data-testid="item-import">
      <h2>Import items</h2>
      <div className="row">
        <input data-testid="items-path" placeholder="File path (.jsonl or .csv)" value={path} onChange={(e) => setPath(e.target.value)} disabled={!!content.trim()} />
        <select data-testid="items-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)} title="Format (guessed when empty)">
          <option value="">auto</option>
          <option value="jsonl">JSONL</option>
          <option value="csv">CSV</option>
        </select>
        <button type="button" data-testid="items-import-button" disabled={busy || (!path.trim() && !content.trim())} onClick={() => void importNow()}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      <textarea
        data-testid="items-content"
        placeholder={'…or paste JSONL / CSV here, e.g.\n{"type":"TXT_CLS","id":"t1","data":{"text":"Great!","categories":["positive","negative"]}}'}
        rows={4}
        value={content}
        onChange={(e) => setContent(e.target.value)}
      />
      {report && (
        <div className="import-summary" data-testid="items-import-report">
          {report.format.toUpperCase()}: read <strong>{report.read}</strong>, imported <strong data-testid="items-imported">{report.imported}</strong>
          {report.gold > 0 && <>, gold {report.gold}</>}
          {report.skipped_existing > 0 && <>, already there {report.skipped_existing}</>}
          {report.failed.length > 0 && (
            <ul className="failed">
              {report.failed.slice(0, 20).map((f) => (
                <li key={f.line}>
                  line {f.line}: {f.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
