import { Public } from '@app/auth';
import { AppConfig } from '@app/config';
import { SubscriptionNotFoundError, SubscriptionsService, escapeHtml, verifyUnsubscribe } from '@app/digest';
import { Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/**
 * The links in digests and alerts. Public: the person clicking has no account.
 * GET only shows a confirmation form, because mail scanners open links on
 * their own; POST unsubscribes, and is what mail clients send for the
 * List-Unsubscribe-Post header (RFC 8058 one-click).
 */
@ApiExcludeController()
@Controller('unsubscribe')
@Public()
export class UnsubscribeController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  async confirm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const claim = verifyUnsubscribe(this.config.unsubscribeSecret, token);
    const sub = claim ? await this.subscriptions.get(claim.subscriptionId).catch(() => null) : null;
    if (!claim || !sub || !sub.recipients.includes(claim.recipient)) {
      res.status(404).type('html').send(page('Link not valid', '<p>This unsubscribe link is not valid (or the subscription no longer exists).</p>'));
      return;
    }
    const done = sub.unsubscribed.includes(claim.recipient);
    res
      .status(200)
      .type('html')
      .send(
        page(
          done ? 'Already unsubscribed' : 'Unsubscribe?',
          done
            ? `<p>${escapeHtml(claim.recipient)} no longer receives “${escapeHtml(sub.name)}”.</p>`
            : `<p>Stop sending “${escapeHtml(sub.name)}” to ${escapeHtml(claim.recipient)}?</p><form method="post" action="${escapeHtml(`/unsubscribe/${encodeURIComponent(token)}`)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const claim = verifyUnsubscribe(this.config.unsubscribeSecret, token);
    try {
      if (!claim) throw new SubscriptionNotFoundError('for this link');
      const { subscription } = await this.subscriptions.unsubscribe(claim.subscriptionId, claim.recipient);
      res.status(200).type('html').send(page('Unsubscribed', `<p>${escapeHtml(claim.recipient)} will receive no more of “${escapeHtml(subscription.name)}”.</p>`));
    } catch (e) {
      if (!(e instanceof SubscriptionNotFoundError)) throw e;
      res.status(404).type('html').send(page('Link not valid', '<p>This unsubscribe link is not valid (or the subscription no longer exists).</p>'));
    }
  }
}
