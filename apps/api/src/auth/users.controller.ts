import { AuthUser, CurrentUser, Roles, UserValidationError, UsersService } from '@app/auth';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserCreateDto, UserPatchDto } from './auth.dto';

@ApiTags('users')
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every account with its role, status and last login' })
  list() {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (400 naming each problem)' })
  create(@Body() body: UserCreateDto, @CurrentUser() actor: AuthUser) {
    return this.users.create(body ?? ({} as UserCreateDto), actor.username);
  }

  @Patch(':username')
  @ApiOperation({ summary: 'Disable or enable an account, or set its password' })
  async update(@Param('username') username: string, @Body() body: UserPatchDto, @CurrentUser() actor: AuthUser) {
    if (body?.disabled !== undefined && typeof body.disabled !== 'boolean') throw new UserValidationError(['disabled: true or false']);
    if (body?.disabled === true && username.toLowerCase() === actor.username) throw new UserValidationError(['disabled: you cannot disable your own account']);
    if (typeof body?.password === 'string') await this.users.setPassword(username, body.password, actor.username);
    if (typeof body?.disabled === 'boolean') return this.users.setDisabled(username, body.disabled, actor.username);
    return this.users.get(username);
  }
}
