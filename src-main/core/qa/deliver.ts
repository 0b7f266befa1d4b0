import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';

/** Writes an export to `file`, or hands it back as content when no file is given (a browser download). */
export function deliver(content: string, file: string | undefined, filename: string, mime: string, count: number) {
  if (!file) return { count, path: null, content, filename, mime };
  const target = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content, 'utf8');
  } catch (error) {
    throw new AppError('IO_ERROR', `Cannot write ${target}: ${(error as Error).message}. Choose a folder you can write to.`);
  }
  return { count, path: target, content: null, filename: path.basename(target), mime };
}
