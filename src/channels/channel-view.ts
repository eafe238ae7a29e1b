/** What narrows a channel, as Cronofy names it; only what was given is kept and echoed. */
export interface ChannelFilters {
  calendar_ids?: string[];
  only_managed?: boolean;
}

/** A channel as Cronofy's API shows it: in replies, and in every notification sent through it. */
export interface ChannelView {
  channel_id: string;
  callback_url: string;
  filters: ChannelFilters;
}

export function channelView(row: {
  id: string;
  callback_url: string;
  filters: unknown;
}): ChannelView {
  return {
    channel_id: row.id,
    callback_url: row.callback_url,
    filters: (row.filters ?? {}) as ChannelFilters,
  };
}
