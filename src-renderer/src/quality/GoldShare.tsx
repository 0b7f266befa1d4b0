import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { reportError } from '../errors/error-store';

/** The share of each annotator's queue that is gold (goldTaskPercentage). */
export function GoldShare({ projectId }: { projectId: string }) {
  const [saved, setSaved] = useState<number | null>(null);
  const [value, setValue] = useState('');
  const [busy, run] = useBusy();

  useEffect(() => {
    api.getQaSettings({ project_id: projectId }).then((s) => {
      setSaved(s.goldTaskPercentage);
      setValue(String(s.goldTaskPercentage));
    }, reportError);
  }, [projectId]);

  const n = Number(value);
  const valid = value.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 90;

  const save = async () => {
    await run(async () => {
      const s = await api.setQaSettings({ project_id: projectId, patch: { goldTaskPercentage: n } });
      setSaved(s.goldTaskPercentage);
      setValue(String(s.goldTaskPercentage));
    });
  };

  return (
    <form
      className="gold-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void save();
      }}
    >
      <label className="gold-share">
        <span>Gold in each annotator&apos;s queue</span>
        <input type="number" min={0} max={90} step={1} data-testid="gold-share-input" className={valid ? undefined : 'invalid'} value={value} onChange={(e) => setValue(e.target.value)} />
        <span>%</span>
      </label>
      <button type="submit" data-testid="gold-share-save" disabled={busy || !valid || n === saved}>
        Save
      </button>
      {!valid && <span className="bad small">0 to 90</span>}
    </form>
  );
}
