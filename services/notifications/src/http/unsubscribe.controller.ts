import { Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Unsubscribe } from '../application/unsubscribe';
import { UnsubscribeLinks } from '../application/unsubscribe-links';

const notFound = () => new HttpException({ statusCode: 404, error: 'not_found', message: 'unknown or expired link' }, HttpStatus.NOT_FOUND);

/**
 * The URL in `List-Unsubscribe`. POST unsubscribes from the message's category: the RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`) that mail clients send. A GET (a person opening the header's URL, or a mail
 * scanner) changes nothing and answers 303 to the web page "Dina utskick", where the person decides.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly oneClick: Unsubscribe,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const grant = await this.links.lookup(token);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!grant) throw notFound();
    res.redirect(303, this.links.pageUrl(grant.municipalityId, token));
  }

  @Post(':token')
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<{ unsubscribed: string }> {
    res.setHeader('cache-control', 'no-store');
    const grant = await this.oneClick.execute(token);
    if (!grant) throw notFound();
    return { unsubscribed: grant.category };
  }
}
