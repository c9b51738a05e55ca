import type { AuthUser } from '@app/auth';
import { roleAllows } from '@app/auth';
import type { Request } from 'express';
import { SafeHtml, html } from './html';

export interface PageContext {
  user?: AuthUser;
  csrfToken?: string;
  path: string;
}

export function pageContext(req: Request): PageContext {
  return { user: req.user, csrfToken: req.auth?.csrfToken, path: req.path };
}

const NAV: { href: string; label: string; role: 'viewer' | 'analyst' | 'admin' }[] = [
  { href: '/app', label: 'Dashboard', role: 'viewer' },
  { href: '/app/queue', label: 'Queue', role: 'viewer' },
  { href: '/app/rules', label: 'Rules', role: 'viewer' },
  { href: '/app/sources', label: 'Sources', role: 'viewer' },
  { href: '/app/subscriptions', label: 'Subscriptions', role: 'viewer' },
  { href: '/app/audit', label: 'Audit log', role: 'analyst' },
  { href: '/app/users', label: 'Users', role: 'admin' },
];

/** The page shell: our own stylesheet and script only (the CSP allows nothing else), the CSRF token for the script's requests. */
export function layout(ctx: PageContext, title: string, body: SafeHtml, opts: { pageId?: string } = {}): string {
  const user = ctx.user;
  const nav = user
    ? NAV.filter((n) => roleAllows(user.role, [n.role])).map(
        (n) => html`<a href="${n.href}" ${(n.href === '/app' ? ctx.path === '/app' : ctx.path.startsWith(n.href)) ? new SafeHtml('aria-current="page"') : ''}>${n.label}</a>`,
      )
    : [];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${ctx.csrfToken ? html`<meta name="csrf-token" content="${ctx.csrfToken}">` : ''}
<title>${title} · Sanctions Monitor</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body data-page="${opts.pageId ?? ''}">
<header class="top">
  <a class="brand" href="/app">Sanctions Monitor</a>
  <nav>${nav}</nav>
  ${user
    ? html`<form class="who" method="post" action="/logout"><span>${user.username} (${user.role})</span><input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}"><button type="submit">Sign out</button></form>`
    : ''}
</header>
<main>
<h1>${title}</h1>
<div id="flash" role="status" aria-live="polite"></div>
${body}
</main>
</body>
</html>`.value;
}

export function messagePage(ctx: PageContext, title: string, message: string, status: number): string {
  return layout(ctx, title, html`<p class="notice" data-status="${status}">${message}</p><p><a href="/app">Back to the dashboard</a></p>`);
}
