import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { escapeHtml } from '../domain/html';
import { UnsubscribeLinks } from '../application/unsubscribe-links';

const categoryNames: Record<string, string> = {
  urgent: 'brådskande meddelanden',
  information: 'information',
  reminders: 'påminnelser',
  transactional: 'meddelanden om ditt ärende',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;max-width:36rem;margin:2rem auto;padding:0 1rem}button{font-size:1.125rem;padding:.75rem 1.5rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * The unsubscribe link of every non-transactional message: no sign-in. GET shows a page with one button (a GET
 * must not change anything: mail scanners follow links); POST unsubscribes — also the RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`) that mail clients send.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly links: UnsubscribeLinks) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const grant = await this.links.lookup(token);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!grant) {
      res.status(404).type('html').send(page('Länken fungerar inte längre', '<p>Länken är för gammal eller felaktig. Du kan ändra dina val från länken i ett nyare meddelande.</p>'));
      return;
    }
    res
      .status(200)
      .type('html')
      .send(page('Avsluta utskick', `<p>Vill du sluta få ${escapeHtml(categoryNames[grant.category] ?? grant.category)} från grannsamverkan?</p><form method="post"><button type="submit">Ja, avsluta</button></form>`));
  }

  @Post(':token')
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const grant = await this.links.unsubscribe(token);
    res.setHeader('cache-control', 'no-store');
    if (!grant) {
      res.status(404).type('html').send(page('Länken fungerar inte längre', '<p>Länken är för gammal eller felaktig.</p>'));
      return;
    }
    res.status(200).type('html').send(page('Klart', `<p>Du får inte längre ${escapeHtml(categoryNames[grant.category] ?? grant.category)} från grannsamverkan.</p>`));
  }
}
