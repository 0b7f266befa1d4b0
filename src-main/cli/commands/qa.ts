import type { QaReport } from '../../../src-shared/qa/report-schemas';
import { ANALYTICS_SECTIONS } from '../../../src-shared/qa/report-schemas';
import type { Cli } from '../cli';

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null, digits = 3) => (x === null ? 'n/a' : x.toFixed(digits));

/** The QA report for a terminal: agreement, gold accuracy, consensus coverage, flags and alerts. */
export function formatReport(r: QaReport): string {
  const who = (id: string) => r.annotators.find((a) => a.id === id)?.full_name ?? id;
  const lines = [`QA report for "${r.project.name}" (${r.generated_at})`, '', 'Agreement'];
  for (const a of r.agreement.items) {
    lines.push(`  ${a.item_type}: ${a.items} items (${a.multiply_labeled} with 2+ answers), ${a.annotators} annotators — Krippendorff α ${num(a.krippendorff.alpha)}, Fleiss κ ${num(a.fleiss.kappa)}, mean Cohen κ ${num(a.cohen.mean)}, raw agreement ${pct(a.percent_agreement)}`);
  }
  if (!r.agreement.items.length) lines.push('  items: no answers yet');
  const img = r.agreement.images;
  lines.push(img.images_compared ? `  images: ${img.annotators} annotators on ${img.images_compared} shared images — mean F1 ${num(img.mean_f1)} at IoU ≥ ${r.settings.iouThreshold}` : '  images: no image annotated by two or more people yet');
  lines.push('', `Gold accuracy (${r.gold.gold_items} gold items, ${r.gold.gold_images} gold images)`);
  if (!r.gold.per_annotator.length) lines.push('  nobody has answered gold yet');
  for (const g of r.gold.per_annotator) lines.push(`  ${g.person?.full_name ?? g.annotator}: ${pct(g.accuracy)} (${g.correct} of ${g.attempts})`);
  const c = r.consensus;
  lines.push('', `Consensus (consensusRequired = ${c.consensus_required})`);
  lines.push(`  items: ${c.items.reached} of ${c.items.total} (${pct(c.items.coverage)}); images: ${c.images.reached} of ${c.images.total} (${pct(c.images.coverage)}); majority vote and Dawid–Skene agree on ${pct(c.methods_agree)} of multiply-answered items`);
  lines.push('', `Flags (${r.flags.length})`);
  for (const f of r.flags) lines.push(`  [${f.check_type}] ${f.user.full_name || who(f.user.id)}: ${f.flag_reason}`);
  if (r.alerts.length) lines.push('', 'Alerts', ...r.alerts.map((a) => `  ${a.severity}: ${a.title} — ${a.message}`));
  return lines.join('\n');
}

/** qa report|analytics, items import|export, profile set|show. */
export function registerQaCommands({ program, withCore, print }: Cli): void {
  const qa = program.command('qa').description('review and quality: reports and analytics');
  qa.command('report')
    .description('agreement, gold accuracy per annotator, consensus coverage and flags')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const report = await core.call('qaReport', { project_id: target.id });
        print(Boolean(opts.json), report, () => formatReport(report));
      }),
    );
  qa.command('analytics')
    .description('labels per day, time per label, accuracy distribution, per-class counts, annotators')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--days <n>', 'period in days', '30')
    .option('--format <csv|json>', 'output format', 'json')
    .option('--section <name>', `CSV section: ${ANALYTICS_SECTIONS.join(', ')}`)
    .option('--out <file>', 'write to a file instead of printing')
    .action((opts) =>
      withCore(async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const result = await core.call('exportAnalytics', { project_id: target.id, format: opts.format, section: opts.section, days: Number(opts.days), path: opts.out });
        process.stdout.write(result.path ? `Wrote ${result.path}\n` : result.content ?? '');
      }),
    );

  const items = program.command('items').description('text, response-pair, image-classification and question items');
  items.command('import <path>')
    .description('import items from JSONL or CSV (items with an expected answer become gold)')
    .requiredOption('--project <id-or-name>', 'target project')
    .option('--format <jsonl|csv>', 'file format (default: from the extension)')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts) =>
      withCore(async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const report = await core.call('importItems', { project_id: target.id, path: file, format: opts.format });
        print(Boolean(opts.json), report, () => {
          const lines = [`Imported ${report.imported} of ${report.read} items into "${target.name}" (${report.gold} gold${report.skipped_existing ? `, ${report.skipped_existing} already there` : ''}).`];
          for (const f of report.failed) lines.push(`  line ${f.line}: ${f.reason}`);
          return lines.join('\n');
        });
        if (report.failed.length) process.exitCode = 2;
      }),
    );
  items.command('export')
    .description('export every response (answers, annotator, time spent, skips, reviews)')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--format <jsonl|csv>', 'output format', 'jsonl')
    .option('--out <file>', 'write to a file instead of printing')
    .action((opts) =>
      withCore(async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const result = await core.call('exportResponses', { project_id: target.id, format: opts.format, path: opts.out });
        if (result.path) process.stderr.write(`Wrote ${result.count} responses to ${result.path}\n`);
        else process.stdout.write(result.content ?? '');
      }),
    );

  const profile = program.command('profile').description('who works on this machine, and their role');
  profile.command('set')
    .requiredOption('--name <name>', 'full name')
    .option('--email <email>', 'email (a person with this email becomes the local profile)')
    .requiredOption('--role <role>', 'admin, reviewer or annotator (labeler)')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const person = await core.call('setProfile', { full_name: opts.name, email: opts.email ?? null, role: opts.role });
        print(Boolean(opts.json), person, () => `You are ${person.full_name}${person.email ? ` <${person.email}>` : ''}, ${person.role}.`);
      }),
    );
  profile.command('show')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const person = await core.call('getProfile', {});
        print(Boolean(opts.json), person, () => `${person.full_name}${person.email ? ` <${person.email}>` : ''}, ${person.role} (${person.id})`);
      }),
    );
}
