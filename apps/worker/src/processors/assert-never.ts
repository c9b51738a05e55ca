/** Compile-time exhaustiveness for job switches; at run time an unknown job name fails loudly. */
export function unknownJob(queue: string, name: never): never {
  throw new Error(`no handler for job "${String(name)}" on queue "${queue}"`);
}
