/**
 * The settings a new meeting gets unless the request sets them, as Zoom
 * returns them. Keys Zoom does not know are not kept.
 */
export const DEFAULT_MEETING_SETTINGS: Readonly<Record<string, unknown>> = {
  host_video: false,
  participant_video: false,
  cn_meeting: false,
  in_meeting: false,
  join_before_host: false,
  jbh_time: 0,
  mute_upon_entry: false,
  watermark: false,
  use_pmi: false,
  approval_type: 2,
  audio: "both",
  auto_recording: "none",
  enforce_login: false,
  enforce_login_domains: "",
  alternative_hosts: "",
  alternative_hosts_email_notification: true,
  close_registration: false,
  show_share_button: false,
  allow_multiple_devices: false,
  registrants_confirmation_email: true,
  waiting_room: false,
  request_permission_to_unmute_participants: false,
  registrants_email_notification: true,
  meeting_authentication: false,
  encryption_type: "enhanced_encryption",
  approved_or_denied_countries_or_regions: { enable: false },
  breakout_room: { enable: false },
  device_testing: false,
  focus_mode: false,
  private_meeting: false,
  email_notification: true,
  host_save_video_order: false,
  registration_type: 1,
};

/**
 * The settings a request sets that Zoom keeps, given the meeting's `current` ones. A waiting
 * room overrides join before host (Zoom's reference: "if the value of this field is set to
 * true, it will override and disable the join_before_host setting"): with one on, join before
 * host reads false, whichever was sent and in whichever order.
 */
export function knownSettings(
  given: Record<string, unknown>,
  current: Readonly<Record<string, unknown>> = DEFAULT_MEETING_SETTINGS,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (key in DEFAULT_MEETING_SETTINGS) kept[key] = value;
  }
  if ((kept.waiting_room ?? current.waiting_room) === true) kept.join_before_host = false;
  return kept;
}
