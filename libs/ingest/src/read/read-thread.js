'use strict';
// The entry of ArticleReader's worker threads (article-reader.ts): each
// thread is a fresh V8 isolate with Node's plain loader, so it installs the
// project's TypeScript hook (scripts/register.js) before it loads readBatch.
require('../../../../scripts/register');
const { readBatch } = require('./read-article');

module.exports = readBatch;
