import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Analytics, QaReport } from '../../../src-shared/qa/report-schemas';
import { ANALYTICS_SECTIONS } from '../../../src-shared/qa/report-schemas';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';
import { SectionHeader } from '../review/ProjectTabs';
import { canReview, useProfile } from '../people/profile-store';
import { BarChart, fmt } from './charts';
import { GoldAccuracyCard } from './GoldAccuracyCard';
import { GoldPanel } from './GoldPanel';
import { TimeChart, type DaySeries } from './TimeChart';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(0)}%`);

/** The per-day series of the analytics, built once per load so the charts' zoom survives unrelated re-renders. */
function perDay(analytics: Analytics): { days: string[]; labels: DaySeries[]; users: DaySeries[] } {
  const rows = analytics.labels_per_day;
  return {
    days: rows.map((d) => d.date),
    labels: [
      { label: 'Labels', values: rows.map((d) => d.labels), color: '--accent', total: true },
      { label: 'Annotations', values: rows.map((d) => d.annotations), color: '--ok' },
      { label: 'Responses', values: rows.map((d) => d.responses), color: '--warn' },
    ],
    users: [{ label: 'Annotators', values: rows.map((d) => d.users), color: '--accent' }],
  };
}

/** The QA report (agreement, gold accuracy, consensus coverage, flags) and analytics charts, with export. */
export function QualityView({ projectId }: { projectId: string }) {
  const [report, setReport] = useState<QaReport | null>(null);
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [days, setDays] = useState(30);
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [section, setSection] = useState<(typeof ANALYTICS_SECTIONS)[number]>('annotators');
  const [exported, setExported] = useState<string | null>(null);
  const reviewer = useProfile((s) => canReview(s.profile));
  const daily = useMemo(() => (analytics ? perDay(analytics) : null), [analytics]);

  const load = useCallback(async () => {
    try {
      const [r, a] = await Promise.all([api.qaReport({ project_id: projectId }), api.analytics({ project_id: projectId, days })]);
      setReport(r);
      setAnalytics(a);
    } catch (e) {
      reportError(e);
    }
  }, [projectId, days]);

  useEffect(() => {
    void load();
  }, [load]);

  const exportNow = async () => {
    try {
      const out = await api.exportAnalytics({ project_id: projectId, format, days, ...(format === 'csv' ? { section } : {}) });
      if (out.content !== null) {
        const url = URL.createObjectURL(new Blob([out.content], { type: out.mime }));
        const a = document.createElement('a');
        a.href = url;
        a.download = out.filename;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
      setExported(`${out.filename}: ${out.count} rows`);
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <div className="page quality-view" data-testid="quality-view">
      <SectionHeader projectId={projectId} title={report ? `${report.project.name} — quality` : 'Quality'} />
      <div className="quality-bar">
        <label className="muted">
          Days{' '}
          <select data-testid="analytics-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[7, 30, 90, 365].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}>
          <option value="csv">CSV</option>
          <option value="json">JSON</option>
        </select>
        {format === 'csv' && (
          <select data-testid="export-section" value={section} onChange={(e) => setSection(e.target.value as typeof section)}>
            {ANALYTICS_SECTIONS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
        <button type="button" data-testid="export-analytics" onClick={() => void exportNow()}>
          Export
        </button>
        <button type="button" className="ghost" data-testid="quality-refresh" onClick={() => void load()}>
          Refresh
        </button>
        {exported && (
          <span className="muted" data-testid="export-result">
            Exported {exported}
          </span>
        )}
      </div>
      {!report && <div className="empty muted">Loading…</div>}
      {report && (
        <div className="quality-grid">
          <section className="card" data-testid="qa-overview">
            <h2>Overview</h2>
            <dl className="figures">
              <dt>Annotators</dt>
              <dd data-testid="qa-annotators">{report.annotators.length}</dd>
              <dt>Responses</dt>
              <dd data-testid="qa-responses">{report.annotators.reduce((n, a) => n + a.responses, 0)}</dd>
              <dt>Annotations</dt>
              <dd>{report.annotators.reduce((n, a) => n + a.annotations, 0)}</dd>
              <dt>Gold items / images</dt>
              <dd>
                {report.gold.gold_items} / {report.gold.gold_images}
              </dd>
              <dt>Consensus required</dt>
              <dd>{report.consensus.consensus_required}</dd>
              <dt>Items with consensus</dt>
              <dd data-testid="qa-consensus-items">
                {report.consensus.items.reached} / {report.consensus.items.total} ({pct(report.consensus.items.coverage)})
              </dd>
              <dt>Images with consensus</dt>
              <dd>
                {report.consensus.images.reached} / {report.consensus.images.total} ({pct(report.consensus.images.coverage)})
              </dd>
              <dt>Majority = Dawid–Skene</dt>
              <dd>{pct(report.consensus.methods_agree)}</dd>
            </dl>
          </section>
          <section className="card" data-testid="qa-agreement">
            <h2>Agreement</h2>
            <table className="table">
              <thead>
                <tr>
                  <th>Type</th>
                  <th>Items (≥2)</th>
                  <th>% agree</th>
                  <th>Cohen κ</th>
                  <th>Fleiss κ</th>
                  <th>Kripp. α</th>
                </tr>
              </thead>
              <tbody>
                {report.agreement.items.map((a) => (
                  <tr key={a.item_type} data-testid="qa-agreement-row">
                    <td>{a.item_type}</td>
                    <td>
                      {a.items} ({a.multiply_labeled})
                    </td>
                    <td>{pct(a.percent_agreement)}</td>
                    <td>{fmt(a.cohen.mean)}</td>
                    <td>{fmt(a.fleiss.kappa)}</td>
                    <td>{fmt(a.krippendorff.alpha)}</td>
                  </tr>
                ))}
                <tr>
                  <td>images</td>
                  <td>{report.agreement.images.images_compared}</td>
                  <td colSpan={4}>mean F1 {fmt(report.agreement.images.mean_f1)}</td>
                </tr>
              </tbody>
            </table>
          </section>
          <GoldAccuracyCard report={report} />
          {reviewer ? (
            <GoldPanel projectId={projectId} onChanged={() => void load()} />
          ) : (
            <section className="card" data-testid="gold-panel-locked">
              <h2>Gold</h2>
              <p className="muted">Marking gold needs the role reviewer or admin; switch who works here in the profile menu at the bottom.</p>
            </section>
          )}
          <section className="card" data-testid="qa-flags">
            <h2>Flags ({report.flags.length})</h2>
            <ul className="flag-list">
              {report.flags.map((f) => (
                <li key={f.id} data-testid="qa-flag">
                  <strong>{f.user.full_name}</strong> <span className="muted">{f.check_type}</span> — {f.flag_reason}
                </li>
              ))}
              {report.flags.length === 0 && <li className="muted">No flags.</li>}
            </ul>
            {report.alerts.length > 0 && (
              <ul className="alert-list" data-testid="qa-alerts">
                {report.alerts.map((a, i) => (
                  <li key={i} className={`alert ${a.severity}`}>
                    <strong>{a.title}</strong> {a.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {analytics && (
            <>
              <section className="card" data-testid="analytics-overview">
                <h2>Last {analytics.period_days} days</h2>
                <dl className="figures">
                  <dt>Active users</dt>
                  <dd>{analytics.overview.activeUsers}</dd>
                  <dt>Labels today</dt>
                  <dd data-testid="analytics-labels-today">{analytics.overview.labelsToday}</dd>
                  <dt>Total labels</dt>
                  <dd>{analytics.overview.totalLabels}</dd>
                  <dt>Avg accuracy</dt>
                  <dd>{analytics.overview.avgAccuracy === null ? '—' : `${fmt(analytics.overview.avgAccuracy, 1)}%`}</dd>
                  <dt>Avg time per label</dt>
                  <dd>{analytics.overview.avgTimePerLabel === null ? '—' : `${fmt(analytics.overview.avgTimePerLabel, 1)} s`}</dd>
                  <dt>Completed tasks</dt>
                  <dd>{analytics.overview.completedTasks}</dd>
                </dl>
              </section>
              {daily && (
                <>
                  <section className="card">
                    <h2>Labels per day</h2>
                    <TimeChart testId="chart-labels-per-day" days={daily.days} series={daily.labels} syncKey="quality-days" />
                  </section>
                  <section className="card">
                    <h2>Active annotators per day</h2>
                    <TimeChart testId="chart-users-per-day" days={daily.days} series={daily.users} syncKey="quality-days" />
                  </section>
                </>
              )}
              <section className="card">
                <h2>Per class</h2>
                <BarChart testId="chart-per-class" bars={analytics.per_class.map((c) => ({ label: c.label, value: c.count }))} />
              </section>
              <section className="card">
                <h2>Accuracy distribution</h2>
                <BarChart testId="chart-accuracy" bars={analytics.accuracy_distribution.map((b) => ({ label: b.name, value: b.value, color: b.color }))} />
              </section>
              <section className="card">
                <h2>Median time per label (s)</h2>
                <BarChart
                  testId="chart-time"
                  bars={analytics.time_per_label.by_annotator.filter((t) => t.median_ms !== null).map((t) => ({ label: analytics.annotators.find((a) => a.annotator === t.annotator)?.person?.full_name ?? t.annotator, value: Math.round((t.median_ms ?? 0) / 100) / 10 }))}
                />
              </section>
              <section className="card">
                <h2>Annotator activity</h2>
                <BarChart testId="chart-annotators" bars={analytics.annotators.map((a) => ({ label: a.person?.full_name ?? a.annotator, value: a.labels }))} />
              </section>
            </>
          )}
        </div>
      )}
    </div>
  );
}
