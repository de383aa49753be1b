import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { PHOTO_MAX_BYTES, type PhotoUpload, photoUploadOf } from '../domain/photo-upload';

/** The one form that posts a file: a participant's finding with an optional photo (`enctype="multipart/form-data"`). */
const UPLOAD_PATH = /^\/[a-z0-9-]+\/trygghetsrond\/deltagare\/[A-Za-z0-9_-]+\/brist$/;

/** Where the handler finds the photo's verdict (`res.locals`). */
export const PHOTO_UPLOAD = 'photoUpload';

/** The photo's verdict of the request, `none` when the form had no file (or was not multipart). */
export function photoUploadFrom(res: Response): PhotoUpload {
  return (res.locals[PHOTO_UPLOAD] as PhotoUpload | undefined) ?? { kind: 'none' };
}

const upload = multer({
  storage: multer.memoryStorage(),
  // One byte over volunteers' limit is enough to know it is too large; the fields are the form's few short ones.
  limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 20, fieldSize: 10_000, parts: 25 },
}).single('photo');

/**
 * Parses the finding form's multipart body BEFORE the CSRF middleware, so the form's `_csrf` field is checked as in
 * every other post (the hidden field comes first in the form, before the file). A file over the limit or an
 * unreadable body does not fail the request: the verdict goes to the handler, which shows the error next to the
 * field. Any other multipart post is left unparsed (and refused by CSRF: no token in its body).
 */
@Injectable()
export class MultipartPhotoMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    // (Mounted for every path, the middleware sees `req.path` as '/': the whole path is the original URL's.)
    if (req.method !== 'POST' || !req.is('multipart/form-data') || !UPLOAD_PATH.test(req.originalUrl.split('?')[0] ?? '')) return next();
    upload(req, res, (error?: unknown) => {
      if (error) {
        const code = (error as { code?: unknown }).code;
        res.locals[PHOTO_UPLOAD] = { kind: 'refused', reason: code === 'LIMIT_FILE_SIZE' ? 'too-large' : 'not-an-image' } satisfies PhotoUpload;
        // The rest of the upload is read and dropped, so the browser gets the answer instead of a reset connection.
        req.resume();
      } else {
        res.locals[PHOTO_UPLOAD] = photoUploadOf((req as Request & { file?: multer.File }).file);
      }
      if (!req.body || typeof req.body !== 'object') req.body = {};
      next();
    });
  }
}
