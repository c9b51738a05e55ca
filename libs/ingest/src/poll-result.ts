export interface PollResult {
  sourceId: string;
  sourceName: string;
  items: number;
  newArticleIds: string[];
  /** Articles seen before whose page changed: stored as a new version and classified again. */
  updatedArticleIds: string[];
  duplicates: number;
  /** Items whose article could not be stored, with the reason in plain words. */
  failed: { url: string; reason: string }[];
  /** The feed answered 304 Not Modified: nothing was parsed. */
  notModified?: boolean;
  /** Set when the whole poll failed (feed unreachable or not a feed). */
  error?: string;
}
