/** Injection token of the process's root pino logger (what job contexts derive from). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
