import { SubscriptionNotFoundError, SubscriptionValidationError } from '@app/digest';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/** Subscription errors as HTTP answers: 400 naming each invalid field, 404 for an unknown id or key. */
@Catch(SubscriptionValidationError, SubscriptionNotFoundError)
export class SubscriptionErrorsFilter implements ExceptionFilter {
  catch(error: SubscriptionValidationError | SubscriptionNotFoundError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof SubscriptionValidationError) {
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: error.message, problems: error.problems });
    } else {
      res.status(404).json({ statusCode: 404, error: 'Not Found', message: error.message });
    }
  }
}
