import { AppError, isErrorPayload } from '../../../src-shared/contract/errors';

/**
 * Loads and decodes an image for the canvas. An <img> error carries no reason, so on failure the
 * URL is fetched once more to read the server's JSON error (code and message) when there is one.
 */
export async function loadBitmap(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  try {
    await image.decode();
    return image;
  } catch {
    throw await explainFailure(url);
  }
}

async function explainFailure(url: string): Promise<AppError> {
  try {
    const response = await fetch(url);
    const body = (await response.json()) as { error?: unknown };
    if (isErrorPayload(body.error)) return AppError.fromPayload(body.error);
  } catch {
    // Not JSON or not fetchable (Electron's media protocol): fall through to the generic reason.
  }
  return new AppError('UNSUPPORTED_FILE', 'The image could not be decoded for display. The file may be damaged or in a format this window cannot show.');
}
