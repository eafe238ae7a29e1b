/**
 * `licenseDetails` of a user (resources/licensedetails): the SKU and its service plans, named
 * as Microsoft's licensing reference names them. A Teams-licensed user holds Microsoft 365
 * Business Basic (`O365_BUSINESS_ESSENTIALS`), whose plans include `TEAMS1` (Teams) and
 * `EXCHANGE_S_STANDARD` (an Exchange Online mailbox; `Disabled` when the user has none); a
 * mailbox without Teams is Exchange Online Plan 1 (`EXCHANGESTANDARD`).
 */
import type { User } from "../state.ts";

const BUSINESS_BASIC = {
  skuId: "3b555118-da6a-4418-894f-7df1e2096870",
  skuPartNumber: "O365_BUSINESS_ESSENTIALS",
};
const EXCHANGE_PLAN_1 = {
  skuId: "4b9405b0-7788-4568-add1-99614e613b69",
  skuPartNumber: "EXCHANGESTANDARD",
};
const TEAMS1 = { servicePlanId: "57ff2da0-773e-42df-b2af-ffb7a2317929", servicePlanName: "TEAMS1" };
const EXCHANGE_S_STANDARD = {
  servicePlanId: "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
  servicePlanName: "EXCHANGE_S_STANDARD",
};

function plan(base: { servicePlanId: string; servicePlanName: string }, enabled: boolean) {
  return { ...base, provisioningStatus: enabled ? "Success" : "Disabled", appliesTo: "User" };
}

export function licenseDetails(user: User) {
  if (user.account_type === "personal") return [];
  if (user.teams_licensed) {
    return [
      {
        id: `${user.id}-${BUSINESS_BASIC.skuId}`,
        ...BUSINESS_BASIC,
        servicePlans: [plan(TEAMS1, true), plan(EXCHANGE_S_STANDARD, user.has_mailbox)],
      },
    ];
  }
  if (user.has_mailbox) {
    return [
      {
        id: `${user.id}-${EXCHANGE_PLAN_1.skuId}`,
        ...EXCHANGE_PLAN_1,
        servicePlans: [plan(EXCHANGE_S_STANDARD, true)],
      },
    ];
  }
  return [];
}
