import { LoginFailedError, TokenNotFoundError, UserNotFoundError, UserValidationError } from '@app/auth';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/** Account errors as HTTP answers (the domain filter's counterpart for @app/auth). */
@Catch(LoginFailedError, TokenNotFoundError, UserNotFoundError, UserValidationError)
export class AuthErrorsFilter implements ExceptionFilter {
  catch(error: LoginFailedError | TokenNotFoundError | UserNotFoundError | UserValidationError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof LoginFailedError) res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: error.message });
    else if (error instanceof UserValidationError) res.status(400).json({ statusCode: 400, error: 'Bad Request', message: error.message, problems: error.problems });
    else res.status(404).json({ statusCode: 404, error: 'Not Found', message: error.message });
  }
}
