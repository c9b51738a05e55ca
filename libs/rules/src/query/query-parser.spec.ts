import { parseQuery } from './query-parser';
import { QuerySyntaxError } from './query-syntax.error';
import { QueryNode } from './query.types';

/** A compact rendering of the AST, so precedence is readable in expectations. */
function show(node: QueryNode): string {
  switch (node.type) {
    case 'text': {
      const parts = node.parts.map((p) => (p.kind === 'cjk' ? `{${p.text}}` : `${p.text}${p.prefix ? '*' : ''}`));
      return parts.length === 1 ? parts[0] : `"${parts.join(' ')}"`;
    }
    case 'and':
      return `(${node.children.map(show).join(' & ')})`;
    case 'or':
      return `(${node.children.map(show).join(' | ')})`;
    case 'not':
      return `!${show(node.child)}`;
    case 'near':
      return `[${show(node.left)} ${node.ordered ? 'ONEAR' : 'NEAR'}${node.distance} ${show(node.right)}]`;
    case 'field':
      return `${node.field}:${show(node.child)}`;
    case 'boost':
      return `${show(node.child)}^${node.weight}`;
    case 'fact':
      return `@${JSON.stringify(node.condition)}`;
  }
}

const p = (q: string) => show(parseQuery(q));

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  throw new Error(`expected a syntax error for ${query}`);
}

describe('parseQuery', () => {
  describe('terms', () => {
    it('folds case and accents', () => {
      expect(p('Résumé')).toBe('resume');
      expect(p('ÉCOLE')).toBe('ecole');
    });

    it('parses phrases, with typographic quotes too', () => {
      expect(p('"loyalty money"')).toBe('"loyalty money"');
      expect(p('\u201cloyalty money\u201d')).toBe('"loyalty money"');
      expect(p('«северокорейские рабочие»')).toBe('"северокорейские рабочие"');
    });

    it('parses trailing wildcards, alone and inside phrases', () => {
      expect(p('remitt*')).toBe('remitt*');
      expect(p('"north korea*"')).toBe('"north korea*"');
      expect(p('северокорейск*')).toBe('северокорейск*');
    });

    it('treats a hyphenated or apostrophe word as a phrase of its parts', () => {
      expect(p('north-korean')).toBe('"north korean"');
      expect(p("korea's")).toBe('"korea s"');
    });

    it('keeps CJK as substrings: Han without spaces, Hangul words with one space', () => {
      expect(p('朝鲜劳工')).toBe('{朝鲜劳工}');
      expect(p('"朝鲜 劳工"')).toBe('{朝鲜劳工}');
      expect(p('"북한  노동자"')).toBe('{북한 노동자}');
      expect(p('朝鲜IT')).toBe('"{朝鲜} it"');
      expect(p('북한*')).toBe('{북한}');
    });
  });

  describe('operators and precedence', () => {
    it('reads adjacency as AND', () => {
      expect(p('a1 b1 c1')).toBe('(a1 & b1 & c1)');
      expect(p('a1 AND b1')).toBe('(a1 & b1)');
    });

    it('binds AND tighter than OR', () => {
      expect(p('a1 b1 OR c1')).toBe('((a1 & b1) | c1)');
      expect(p('a1 OR b1 AND c1')).toBe('(a1 | (b1 & c1))');
    });

    it('binds NOT tighter than AND, and supports AND NOT', () => {
      expect(p('NOT a1 b1')).toBe('(!a1 & b1)');
      expect(p('a1 AND NOT b1')).toBe('(a1 & !b1)');
      expect(p('a1 NOT b1')).toBe('(a1 & !b1)');
      expect(p('a1 NOT NOT b1')).toBe('(a1 & !!b1)');
    });

    it('binds NEAR tighter than NOT', () => {
      expect(p('a1 NOT b1 NEAR/3 c1')).toBe('(a1 & ![b1 NEAR3 c1])');
    });

    it('honours parentheses', () => {
      expect(p('(a1 OR b1) c1')).toBe('((a1 | b1) & c1)');
      expect(p('((a1))')).toBe('a1');
    });

    it('parses NEAR and ONEAR with phrases, wildcards and OR-groups, and chains them left to right', () => {
      expect(p('workers NEAR/5 abroad')).toBe('[workers NEAR5 abroad]');
      expect(p('"loyalty money" ONEAR/2 remitt*')).toBe('["loyalty money" ONEAR2 remitt*]');
      expect(p('(sent OR deported) NEAR/4 (workers OR laborers)')).toBe('[(sent | deported) NEAR4 (workers | laborers)]');
      expect(p('a1 ONEAR/2 b1 ONEAR/3 c1')).toBe('[[a1 ONEAR2 b1] ONEAR3 c1]');
    });

    it('parses a negated side of NEAR as local negation, and NOT before a whole NEAR as article-wide', () => {
      expect(p('deported ONEAR/1 NOT (to OR into)')).toBe('[deported ONEAR1 !(to | into)]');
      expect(p('(NOT should) ONEAR/3 been')).toBe('[!should ONEAR3 been]');
      expect(p('(NOT should) ONEAR/3 been ONEAR/1 deported')).toBe('[[!should ONEAR3 been] ONEAR1 deported]');
      expect(p('dprk NOT should ONEAR/3 been')).toBe('(dprk & ![should ONEAR3 been])');
    });

    it('parses field scopes on words, phrases and groups', () => {
      expect(p('title:sanctions')).toBe('title:sanctions');
      expect(p('body:"loyalty money"')).toBe('body:"loyalty money"');
      expect(p('title:(a1 OR b1) c1')).toBe('(title:(a1 | b1) & c1)');
      expect(p('TITLE:expelled')).toBe('title:expelled');
    });

    it('parses score weights', () => {
      expect(p('(north korea)^0 deported')).toBe('((north & korea)^0 & deported)');
      expect(p('deported^2.5')).toBe('deported^2.5');
    });
  });

  describe('fact conditions', () => {
    it('parses every fact field', () => {
      expect(p('place.country:cn x1')).toBe('(@{"fact":"place.country","value":"CN"} & x1)');
      expect(p('place:Dalian x1')).toBe('(@{"fact":"place","value":"dalian"} & x1)');
      expect(p('place:"Rason City" x1')).toBe('(@{"fact":"place","value":"rason city"} & x1)');
      expect(p('place.region:Jilin x1')).toBe('(@{"fact":"place.region","value":"jilin"} & x1)');
      expect(p('has:amount')).toBe('@{"fact":"has","value":"amount"}');
      expect(p('has:deadline')).toBe('@{"fact":"has","value":"deadline"}');
      expect(p('resolution:2397')).toBe('@{"fact":"resolution","value":"2397"}');
      expect(p('visa:student')).toBe('@{"fact":"visa","value":"student"}');
      expect(p('amount.currency:usd')).toBe('@{"fact":"amount.currency","value":"USD"}');
      expect(p('workers>=50')).toBe('@{"fact":"workers","op":">=","value":50}');
      expect(p('workers<10')).toBe('@{"fact":"workers","op":"<","value":10}');
    });
  });

  describe('errors', () => {
    it.each([
      ['', 'empty query', 0],
      ['   ', 'empty query', 0],
      ['(north korea AND (workers OR laborers)', 'unbalanced parenthesis at 0', 0],
      ['north korea) workers', 'unbalanced parenthesis at 11', 11],
      ['dprk AND (a1 OR b1) AND (c1 OR d1))', 'unbalanced parenthesis at 34', 34],
      ['workers NEAR abroad', 'NEAR needs a number at 8', 8],
      ['workers NEAR/x abroad', 'NEAR needs a number at 8', 8],
      ['workers ONEAR/ abroad', 'ONEAR needs a number at 8', 8],
      ['workers NEAR/0 abroad', 'NEAR distance must be between 1 and 100 at 8', 8],
      ['dprk "loyalty money', 'unterminated phrase at 5', 5],
      ['dprk ""', 'empty phrase at 5', 5],
      ['foo:bar', 'unknown field "foo" at 0', 0],
      ['dprk AND re*', 'wildcard needs at least 3 letters before * at 9', 9],
      ['dprk *mit', 'wildcard needs at least 3 letters before * at 5', 5],
      ['remit*ted', '* can only end a word at 5', 5],
      ['()', 'empty parentheses at 0', 0],
      ['AND workers', 'AND needs something on its left at 0', 0],
      ['workers OR', 'OR needs something on its right at 8', 8],
      ['workers AND', 'AND needs something on its right at 8', 8],
      ['workers NOT', 'NOT needs something on its right at 8', 8],
      ['NEAR/3 workers', 'NEAR needs something on its left at 0', 0],
      ['workers NEAR/3', 'NEAR needs a word, phrase or (group) on its right at 8', 8],
      ['(a1 AND b1) NEAR/3 c1', 'NEAR works on words, phrases and OR-groups of them, not on AND or facts at 0', 0],
      ['a1 NEAR/3 has:amount', 'NEAR works on words, phrases and OR-groups of them, not on AND or facts at 10', 10],
      ['(NOT a1) NEAR/2 NOT b1', 'NEAR needs one side that must be present; only one side can be NOT at 0', 0],
      ['(a1 OR NOT b1) NEAR/2 c1', 'NOT inside NEAR must be a whole side, e.g. a NEAR/3 NOT (b OR c) at 7', 7],
      ['a1 NEAR/2 NOT has:visa', 'NEAR works on words, phrases and OR-groups of them, not on AND or facts at 14', 14],
      ['a1 NEAR/2 NOT', 'NOT needs a word, phrase or (group) on its right at 10', 10],
      ['title:a1 NEAR/3 b1', 'put the field before the whole NEAR, e.g. title:(a NEAR/3 b) at 0', 0],
      ['title:(body:a1)', 'a field scope cannot contain another one at 7', 7],
      ['title:(has:visa)', 'facts belong to the whole article; put them outside title:/body: at 7', 7],
      ['title: workers', 'title: needs a word, "phrase" or (group) right after the colon at 0', 0],
      ['workers or laborers', 'write OR in capitals to use it as an operator, or quote "or" to search for the word at 8', 8],
      ['a1 near/3 b1', 'write NEAR/3 in capitals at 3', 3],
      ['/sen[dt]/', 'regular expressions are not supported (use words, "phrases" and trailing * wildcards) at 0', 0],
      ['NOT workers', 'this part only matches when words are absent; add a word, phrase or fact that must be present at 0', 0],
      ['dprk OR NOT workers', 'this part only matches when words are absent; add a word, phrase or fact that must be present at 8', 8],
      ['has:money', 'unknown has: value "money" (use amount, place, workers, resolution, visa, deadline, date) at 0', 0],
      ['visa:business', 'unknown visa type "business" (use student, trainee, visitor, tourist, work, none) at 0', 0],
      ['workers:50', 'workers needs a comparison such as workers>=50 at 0', 0],
      ['workers>=many', 'workers needs a number such as workers>=50 at 0', 0],
      ['place.country:China', 'place.country needs a two-letter country code such as CN at 0', 0],
      ['resolution:twenty', 'resolution needs a number such as 2397 at 0', 0],
      ['deported ^', '^ needs a number (a score weight such as ^0 or ^2) at 9', 9],
      ['^2 deported', '^ needs a clause on its left at 0', 0],
      ['(a1 OR b1)^2 NEAR/3 c1', '^ weights cannot be used inside NEAR at 11', 11],
      ['dprk & workers', 'nothing to search for in "&" at 5', 5],
    ])('%j -> %s', (query, message, position) => {
      const err = syntaxError(query);
      expect(err).toBeInstanceOf(QuerySyntaxError);
      expect(err.message).toBe(message);
      expect(err.position).toBe(position);
    });
  });
});
