import { HttpException, HttpStatus } from '@nestjs/common';
import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path of the field in the request body, e.g. "email" or "address.postcode". */
  field: string;
  message: string;
}

/** 400 that names every bad field. */
export class ValidationFailed extends HttpException {
  constructor(readonly fields: FieldProblem[]) {
    super(
      {
        statusCode: HttpStatus.BAD_REQUEST,
        error: 'validation_failed',
        message: `Invalid ${fields.map((f) => f.field).join(', ')}`,
        fields,
      },
      HttpStatus.BAD_REQUEST,
    );
  }
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

/** Validates a request body (or query) against a schema: the parsed value or a 400 naming each field. */
export function parseInput<TSchema extends z.ZodType>(schema: TSchema, input: unknown): z.infer<TSchema> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ValidationFailed(fieldProblems(result.error));
  return result.data;
}
