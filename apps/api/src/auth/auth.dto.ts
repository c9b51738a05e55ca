import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LoginDto {
  @ApiProperty()
  username!: string;
  @ApiProperty()
  password!: string;
}

export class TokenCreateDto {
  @ApiProperty({ description: 'What the token is for, to tell it apart later' })
  name!: string;
}

export class UserCreateDto {
  @ApiProperty()
  username!: string;
  @ApiProperty({ description: 'At least 12 characters' })
  password!: string;
  @ApiProperty({ enum: ['admin', 'analyst', 'viewer'] })
  role!: string;
  @ApiPropertyOptional()
  displayName?: string;
}

export class UserPatchDto {
  @ApiPropertyOptional()
  disabled?: boolean;
  @ApiPropertyOptional({ description: 'A new password (ends the user\'s sessions)' })
  password?: string;
}
