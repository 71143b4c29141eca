import busboy from 'busboy';
import type { Request } from 'express';
import { PassThrough, type Readable } from 'node:stream';
import { HttpError } from '../http/errors.ts';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Bounds on one upload. 5 minutes is Node's own requestTimeout for a whole request, so a longer
 * limit here would never be reached; 50 MB in 5 minutes is ~170 KB/s. Behind nginx (which buffers
 * the body first) the app receives it at local speed anyway. A client that sends nothing for 30 s
 * is gone or hostile. The campaign transaction's statement_timeout is derived from totalMs
 * (create.ts). Mutable so a test can shorten them without waiting minutes.
 */
export const UPLOAD_LIMITS = { totalMs: 5 * 60_000, idleMs: 30_000 };

/**
 * Reads a multipart upload as a stream: the text fields (which must come before the file part)
 * and the file itself, never buffered or written to disk. Over 50 MB the file stream errors 413.
 *
 * Whatever goes wrong on the way (a body cut before its closing boundary, a client that hangs up,
 * a stalled or endless upload) ends as an HttpError on the returned file stream, which already has
 * a listener: an 'error' emitted before the caller starts reading can never crash the process. A
 * reader that attaches late finds the cause in `file.errored`.
 */
export function readUpload(req: Request): Promise<{ fields: Record<string, string[]>; file: Readable }> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new HttpError(415, 'multipart_required', 'Send the CSV as multipart/form-data with the fields first and the file in a part named "file"'));
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, fieldSize: 64 * 1024 } });
  } catch (err) {
    // e.g. "Multipart: Boundary not found": the Content-Type header itself is unusable.
    return Promise.reject(new HttpError(400, 'invalid_multipart', `Malformed multipart/form-data header: ${(err as Error).message}`));
  }
  return new Promise((resolve, reject) => {
    // No prototype: a field named __proto__, constructor or toString is just a field.
    const fields: Record<string, string[]> = Object.create(null);
    let source: Readable | null = null; // busboy's stream of the file part
    let file: PassThrough | null = null;
    let failed = false;

    const stopTimers = () => {
      clearTimeout(total);
      clearTimeout(idle);
    };
    const fail = (err: HttpError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      // A stalled or gone client is not waited for: close the connection once the error is
      // answered. Otherwise the rest of the body is drained, so the answer reaches the client.
      if (err.status === 408 || err.code === 'request_aborted') {
        stopTimers();
        if (req.res && !req.res.headersSent) req.res.setHeader('connection', 'close');
      } else {
        req.resume();
      }
      if (file && !file.destroyed) file.destroy(err);
      // Not synchronously: fail() may run inside busboy's own parse loop (a 'limit' event), which
      // would then throw into Node's HTTP parser.
      process.nextTick(() => bb.destroyed || bb.destroy(err));
      reject(err);
    };
    // Once answered, the request is only drained, still within the time bounds (then cut off).
    const timeUp = (err: HttpError) => (req.res?.headersSent ? req.destroy() : fail(err));
    const total = setTimeout(
      () => timeUp(new HttpError(408, 'upload_timeout', `The upload took longer than ${UPLOAD_LIMITS.totalMs / 60_000} minutes`)),
      UPLOAD_LIMITS.totalMs,
    );
    const idle = setTimeout(
      () => timeUp(new HttpError(408, 'upload_stalled', `No upload data arrived for ${UPLOAD_LIMITS.idleMs / 1000} s`)),
      UPLOAD_LIMITS.idleMs,
    );
    req.on('data', () => idle.refresh());
    req.on('end', stopTimers);
    // 'close' before the body was complete: the client hung up (or the socket broke) mid-upload.
    req.on('close', () => {
      stopTimers();
      if (!req.complete) fail(new HttpError(400, 'request_aborted', 'The client closed the connection before the upload was complete'));
    });
    // Answered before the file was read to its end (refused early, or an error mid-file): whatever
    // the reader left unread is discarded so that the body keeps flowing and the request ends.
    req.res?.on('finish', () => {
      if (!source || failed) return;
      if (file) source.unpipe(file);
      source.resume();
    });

    bb.on('field', (name, value) => (fields[name] ??= []).push(value));
    bb.on('file', (name, stream) => {
      // Listen first: busboy destroys this stream with an error when the body is cut short.
      stream.on('error', (err) => fail(asUploadError(err)));
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      source = stream;
      file = new PassThrough();
      file.on('error', () => {}); // kept in file.errored for a reader that attaches later
      stream.on('limit', () => fail(new HttpError(413, 'file_too_large', `The CSV is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)));
      stream.pipe(file);
      resolve({ fields, file });
    });
    bb.on('error', (err) => fail(asUploadError(err)));
    bb.on('close', () => {
      if (!file && !failed) reject(new HttpError(400, 'file_missing', 'No CSV file part named "file" in the upload'));
    });
    req.pipe(bb);
  });
}

function asUploadError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const message = (err as Error)?.message ?? String(err);
  if (/unexpected end/i.test(message)) {
    return new HttpError(400, 'invalid_multipart', `Malformed upload: the body ended before the closing multipart boundary (${message})`);
  }
  return new HttpError(400, 'invalid_multipart', `Malformed upload: ${message}`);
}

/** Repeated fields and comma-separated lists both become arrays. */
export function listField(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
