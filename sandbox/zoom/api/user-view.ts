/** A user as `GET /v2/users/{userId}` returns it (zoom.md item 10). */
import { zoomTime } from "../clock.ts";
import type { Role, User } from "../state.ts";

const ROLE_NAMES: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };
const ROLE_IDS: Record<Role, string> = { owner: "0", admin: "1", member: "2" };

export function userView(user: User, baseUrl: string) {
  return {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    display_name: `${user.first_name} ${user.last_name}`.trim(),
    email: user.email,
    type: user.type,
    role_name: ROLE_NAMES[user.role],
    pmi: user.pmi,
    use_pmi: false,
    personal_meeting_url: `${baseUrl}/j/${user.pmi}`,
    timezone: user.timezone,
    verified: 1,
    dept: "",
    created_at: zoomTime(user.created_at),
    user_created_at: zoomTime(user.created_at),
    last_login_time: zoomTime(user.created_at),
    language: "en-US",
    phone_number: "",
    status: "active",
    role_id: ROLE_IDS[user.role],
    account_id: user.account_id,
    group_ids: [] as string[],
    im_group_ids: [] as string[],
  };
}
