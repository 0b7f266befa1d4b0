import type { QaReport } from '../../../src-shared/qa/report-schemas';
import { BarChart } from './charts';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(0)}%`);

/** Each annotator's accuracy on the gold they answered, with the threshold that raises an alert. */
export function GoldAccuracyCard({ report }: { report: QaReport }) {
  const rows = report.gold.per_annotator;
  const threshold = report.settings.qualityThreshold;
  return (
    <section className="card" data-testid="qa-gold">
      <h2>Gold accuracy per annotator</h2>
      <BarChart testId="chart-gold" unit="%" bars={rows.filter((g) => g.accuracy !== null).map((g) => ({ label: g.person?.full_name ?? g.annotator, value: Math.round((g.accuracy ?? 0) * 100) }))} />
      {rows.length > 0 && (
        <table className="table" data-testid="gold-accuracy-table">
          <thead>
            <tr>
              <th>Annotator</th>
              <th>Gold answered</th>
              <th>Correct</th>
              <th>Accuracy</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => {
              const name = g.person?.full_name ?? g.annotator;
              const low = g.accuracy !== null && g.accuracy < threshold;
              return (
                <tr key={g.annotator} data-testid="gold-accuracy-row" data-annotator={name}>
                  <td>{name}</td>
                  <td>{g.attempts}</td>
                  <td>{g.correct}</td>
                  <td data-testid="gold-accuracy" className={low ? 'bad' : undefined} title={low ? `Below the quality threshold of ${pct(threshold)}` : undefined}>
                    {pct(g.accuracy)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted small">
        {count(report.gold.gold_items, 'gold item')}, {count(report.gold.gold_images, 'gold image')} · alert below {pct(threshold)}
      </p>
    </section>
  );
}
