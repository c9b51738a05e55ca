import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SourceSelectorsDto {
  @ApiPropertyOptional({ description: 'html sources: CSS selector of each entry on the listing page', example: 'article.news-item' })
  item?: string;
  @ApiPropertyOptional({ description: 'html sources: selector of the entry link (inside item)', example: 'h2 a' })
  link?: string;
  @ApiPropertyOptional()
  title?: string;
  @ApiPropertyOptional({ description: 'an element with a datetime attribute or a date text' })
  date?: string;
  @ApiPropertyOptional()
  summary?: string;
  @ApiPropertyOptional({ description: 'any source: selector of the article body on its pages (full-text extraction)' })
  body?: string;
}

/** Documents the body; the service validates it (zod) and answers 400 naming each field. */
export class SourceBodyDto {
  @ApiProperty({ example: 'Example News: Korea desk' })
  name!: string;
  @ApiProperty({ example: 'https://news.example.org/korea/rss.xml' })
  url!: string;
  @ApiProperty({ enum: ['rss', 'atom', 'rdf', 'json', 'html'] })
  kind!: string;
  @ApiPropertyOptional({ default: 60 })
  pollIntervalMinutes?: number;
  @ApiPropertyOptional({ example: 'en', description: 'language hint (ISO 639-1)' })
  language?: string;
  @ApiPropertyOptional({ default: true })
  enabled?: boolean;
  @ApiPropertyOptional({ type: SourceSelectorsDto })
  selectors?: SourceSelectorsDto;
}
