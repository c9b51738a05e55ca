import { Public } from '@app/auth';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
// A fixed list read once: no path from the URL ever reaches the file system.
const FILES = ['app.css', 'app.js'];

/** The web pages' own stylesheet and script, from the repository (no CDN: users may be offline). */
@ApiExcludeController()
@Controller('assets')
@Public()
export class AssetsController {
  private readonly files = new Map(FILES.map((f) => [f, readFileSync(join(__dirname, 'assets', f))]));

  @Get(':name')
  get(@Param('name') name: string, @Res() res: Response): void {
    const body = this.files.get(name);
    if (!body) throw new NotFoundException();
    res.type(TYPES[name.slice(name.lastIndexOf('.'))]).set('cache-control', 'no-cache').send(body);
  }
}
