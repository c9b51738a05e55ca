export { detectLanguage } from './language-detector';
export { normaliseLanguageTag } from './language-tag';
export { isCjkScript, scriptOf, scriptProfile } from './script';
export type { Script, ScriptProfile } from './script';
