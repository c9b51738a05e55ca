/** One entry of a feed or listing page, before its article page is fetched. */
export interface FeedItem {
  /** The feed's own id for the item; the link when it has none. */
  guid: string;
  link: string;
  title: string;
  summary: string;
  published: Date | null;
}
