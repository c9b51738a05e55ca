import { Prisma, PrismaService } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { RuleMatch } from './core';
import { extractFacts } from './facts';
import { searchDocument } from './prefilter/search-prefilter';
import { RulesService } from './rules.service';

@Injectable()
export class ClassifierService {
  private readonly logger = new Logger(ClassifierService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly rules: RulesService,
  ) {}

  /**
   * Classifies one stored article: extracts its facts, runs every enabled rule,
   * stores the matches with the rule version that made them. Running it again
   * stores nothing twice (one match per article and rule).
   */
  async classifyArticle(articleId: string): Promise<RuleMatch[]> {
    const article = await this.prisma.article.findUniqueOrThrow({ where: { id: articleId } });
    const facts = extractFacts(`${article.title}\n\n${article.text}`, { published: article.publishedAt });
    const set = await this.rules.compiled();
    const matches = set.classify({ title: article.title, text: article.text }, facts);
    await this.prisma.$transaction([
      this.prisma.match.createMany({
        data: matches.map((m) => ({
          articleId,
          ruleId: m.ruleId,
          ruleVersion: m.version,
          articleVersion: article.version,
          category: m.category,
          severity: m.severity,
          score: m.score,
          evidence: m.evidence as unknown as Prisma.InputJsonValue,
        })),
        skipDuplicates: true,
      }),
      this.prisma.article.update({ where: { id: articleId }, data: { facts: facts as unknown as Prisma.InputJsonValue, classifiedAt: new Date() } }),
      // The words backtests prefilter on (see prefilter/search-prefilter.ts); positions are not needed.
      this.prisma.$executeRaw`UPDATE "Article" SET "searchTerms" = strip(to_tsvector('simple', ${searchDocument(article.title, article.text)})) WHERE id = ${articleId}::uuid`,
    ]);
    this.logger.log(`classify ${articleId}: ${matches.length} match(es)`);
    return matches;
  }
}
