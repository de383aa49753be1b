/**
 * The part of multer (2.x, MIT; also @nestjs/platform-express's own dependency) the web uses: one file kept in memory,
 * with limits. multer ships no types and @types/multer is not installed.
 */
declare module 'multer' {
  import type { NextFunction, Request, Response } from 'express';

  namespace multer {
    interface File {
      fieldname: string;
      originalname: string;
      mimetype: string;
      size: number;
      buffer: Buffer;
    }
    interface Limits {
      fileSize?: number;
      files?: number;
      fields?: number;
      fieldSize?: number;
      parts?: number;
    }
    interface StorageEngine {
      readonly _memory?: true;
    }
    interface Instance {
      single(field: string): (req: Request, res: Response, next: NextFunction | ((error?: unknown) => void)) => void;
    }
    /** Errors of the limits: `code` e.g. LIMIT_FILE_SIZE, LIMIT_UNEXPECTED_FILE. */
    class MulterError extends Error {
      readonly code: string;
      readonly field?: string;
    }
    function memoryStorage(): StorageEngine;
  }
  function multer(options: { storage: multer.StorageEngine; limits?: multer.Limits }): multer.Instance;
  export = multer;
}
