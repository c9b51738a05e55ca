import { Roles, UsersService } from '@app/auth';
import { Controller, Get, Header, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { fmtDate, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

@ApiExcludeController()
@Controller('app/users')
@UseFilters(PageExceptionFilter)
export class UsersPageController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() req: Request): Promise<string> {
    const users = await this.users.list();
    const rows = users.map(
      (u) => html`<tr><td>${u.username}</td><td>${u.displayName}</td><td>${u.role}</td><td>${u.disabled ? 'disabled' : 'active'}</td><td>${fmtDate(u.lastLoginAt)}</td>
<td>${u.username === req.user!.username ? '' : html`<button data-action="/users/${u.username}" data-method="PATCH" data-body="${JSON.stringify({ disabled: !u.disabled })}" data-then="reload">${u.disabled ? 'Enable' : 'Disable'}</button>`}</td></tr>`,
    );
    const body = html`<table class="list"><thead><tr><th>User</th><th>Name</th><th>Role</th><th>Status</th><th>Last login</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h2>Add an account</h2>
<form class="editor" data-api="/users" data-method="POST" data-then="reload">
  <label>Username <input name="username" required></label>
  <label>Name <input name="displayName"></label>
  <label>Role <select name="role"><option>viewer</option><option>analyst</option><option>admin</option></select></label>
  <label>Password (at least 12 characters) <input name="password" type="password" autocomplete="new-password" required minlength="12"></label>
  <button type="submit">Add</button>
</form>`;
    return layout(pageContext(req), 'Users', body, { pageId: 'users' });
  }
}
