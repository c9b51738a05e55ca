import { SourceNotFoundError, SourceValidationError } from '@app/ingest';
import { ReviewConflictError, ReviewItemNotFoundError, ReviewValidationError } from '@app/review';
import { RuleConflictError, RuleNotFoundError, RuleTestsFailedError, RuleValidationError } from '@app/rules';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

type DomainError =
  | ReviewConflictError
  | ReviewItemNotFoundError
  | ReviewValidationError
  | RuleValidationError | RuleTestsFailedError | RuleNotFoundError | RuleConflictError | SourceValidationError | SourceNotFoundError;

/** The one place domain errors become HTTP answers, each with a message a person can act on. */
@Catch(ReviewConflictError, ReviewItemNotFoundError, ReviewValidationError, RuleValidationError, RuleTestsFailedError, RuleNotFoundError, RuleConflictError, SourceValidationError, SourceNotFoundError)
export class DomainExceptionFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof ReviewValidationError) {
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: error.message });
    } else if (error instanceof ReviewConflictError) {
      res.status(409).json({ statusCode: 409, error: 'Conflict', message: error.message, current: error.current });
    } else if (error instanceof RuleValidationError || error instanceof SourceValidationError) {
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: error.message, problems: error.problems });
    } else if (error instanceof RuleTestsFailedError) {
      res.status(422).json({ statusCode: 422, error: 'Unprocessable Entity', message: error.message, failures: error.failures });
    } else if (error instanceof RuleNotFoundError || error instanceof SourceNotFoundError || error instanceof ReviewItemNotFoundError) {
      res.status(404).json({ statusCode: 404, error: 'Not Found', message: error.message });
    } else {
      res.status(409).json({ statusCode: 409, error: 'Conflict', message: error.message });
    }
  }
}
