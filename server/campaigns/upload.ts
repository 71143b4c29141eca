import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { HttpError } from '../http/errors.ts';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Reads a multipart upload as a stream: the text fields (which must come before the file part)
 * and the file itself, never buffered or written to disk. Over 50 MB the file stream errors 413.
 */
export function readUpload(req: Request): Promise<{ fields: Record<string, string[]>; file: Readable }> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new HttpError(415, 'multipart_required', 'Send the CSV as multipart/form-data with the fields first and the file in a part named "file"'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string[]> = {};
    let gotFile = false;
    const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, fieldSize: 64 * 1024 } });
    bb.on('field', (name, value) => (fields[name] ??= []).push(value));
    bb.on('file', (name, stream) => {
      if (name !== 'file' || gotFile) {
        stream.resume();
        return;
      }
      gotFile = true;
      stream.on('limit', () => stream.destroy(new HttpError(413, 'file_too_large', `The CSV is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)));
      resolve({ fields, file: stream });
    });
    bb.on('error', (err) => reject(new HttpError(400, 'invalid_multipart', `Malformed upload: ${(err as Error).message}`)));
    bb.on('close', () => {
      if (!gotFile) reject(new HttpError(400, 'file_missing', 'No CSV file part named "file" in the upload'));
    });
    req.pipe(bb);
  });
}

/** Repeated fields and comma-separated lists both become arrays. */
export function listField(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
