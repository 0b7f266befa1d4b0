import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/app';
import { tempDir } from '../fixtures/images';

const root = path.resolve(import.meta.dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/cli.js'));
const bin = path.join(root, 'bin/labeler.js');
const labeler = (data: string, ...args: string[]) => execFileSync('node', [bin, '--data', data, ...args], { encoding: 'utf8' });

describe.skipIf(!built)('labeler qa, items and profile commands (needs `npm run build`)', () => {
  it('imports items, reports bad lines with exit 2, and prints the QA report with gold accuracy', async () => {
    const data = tempDir();
    const dir = tempDir();
    labeler(data, 'project', 'create', '--name', 'mail');
    const file = path.join(dir, 'items.jsonl');
    fs.writeFileSync(file, [
      JSON.stringify({ type: 'TXT_CLS', id: 't1', data: { text: 'Win a prize', categories: ['spam', 'ham'] } }),
      JSON.stringify({ type: 'TXT_CLS', id: 't2', data: { text: 'Lunch?', categories: ['spam', 'ham'] }, expected: 'ham' }),
      'not json',
    ].join('\n'));
    const result = spawnSync('node', [bin, '--data', data, 'items', 'import', file, '--project', 'mail'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/Imported 2 of 3 items into "mail" \(1 gold\)/);
    expect(result.stdout).toMatch(/line 3: not valid JSON/);
    expect(labeler(data, 'profile', 'set', '--name', 'Ann', '--email', 'ann@example.com', '--role', 'labeler')).toMatch(/You are Ann <ann@example.com>, annotator/);

    // Ann answers in the app (the same core), then the terminal reports.
    const core = await createCore({ dataDir: data, transport: 'ipc' });
    const project = core.store.projects.resolve('mail');
    for (;;) {
      const { item } = await core.call('nextItem', { project_id: project.id });
      if (!item) break;
      await core.call('submitResponse', { item_id: item.id, answer: { choices: ['spam'] }, time_spent_ms: 700 });
    }
    core.close();

    const report = JSON.parse(labeler(data, 'qa', 'report', '--project', 'mail', '--json'));
    expect(report.gold.per_annotator).toEqual([expect.objectContaining({ attempts: 1, correct: 0, accuracy: 0, person: expect.objectContaining({ full_name: 'Ann' }) })]);
    expect(report.consensus.items).toEqual({ total: 1, reached: 1, coverage: 1 });
    expect(report.flags.map((f: { check_type: string }) => f.check_type)).toEqual(['speed_check', 'gold_accuracy']);
    const human = labeler(data, 'qa', 'report', '--project', 'mail');
    expect(human).toMatch(/Ann: 0% \(0 of 1\)/);
    expect(human).toMatch(/\[speed_check\] Ann: Responses too fast/);

    const denied = spawnSync('node', [bin, '--data', data, 'items', 'export', '--project', 'mail'], { encoding: 'utf8' });
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(/FORBIDDEN.*profile set/);
    labeler(data, 'profile', 'set', '--name', 'Rita', '--email', 'rita@example.com', '--role', 'reviewer');
    const csv = labeler(data, 'items', 'export', '--project', 'mail', '--format', 'csv');
    expect(csv.split('\r\n')[0]).toMatch(/^response_id,item_id,external_id,item_type,annotator_id,annotator_name/);
    expect(csv).toMatch(/,Ann,ann@example.com,spam,/);
  });
});
