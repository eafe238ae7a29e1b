import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { countTakingTurns } from "../quotas/count-taking-turns.ts";
import { issueTokens } from "./api-tokens.ts";
import type { AuthenticatedApplication } from "./authenticate-application.ts";

export interface ApplicationCalendar {
  id: string;
  applicationId: string;
  applicationCalendarId: string;
  sub: string;
  profileId: string;
}

const random = () => randomBytes(10).toString("hex");

/**
 * The calendar of one of the application's own users, made on first request, and a new token
 * pair for it. Asking again for the same id returns the same calendar (and new tokens).
 */
export async function applicationCalendarTokens(
  db: Kysely<Schema>,
  application: AuthenticatedApplication,
  applicationCalendarId: string,
  limits: { calendarsPerApplication: number } = {
    calendarsPerApplication: Number.POSITIVE_INFINITY,
  },
) {
  const id = applicationCalendarId.trim();
  if (id === "" || id.length > 250) {
    throw new DomainError("unprocessable", "The application calendar id is not valid.", {
      application_calendar_id: "Give an id of 1 to 250 characters.",
    });
  }
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("application_calendars")
      .values({
        id: `cal_${random()}`,
        application_id: application.id,
        application_calendar_id: id,
        sub: `acc_${random()}`,
        profile_id: `pro_${randomBytes(12).toString("base64url")}`,
      })
      .onConflict((oc) => oc.columns(["application_id", "application_calendar_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted)
      await refuseBeyondCalendarCap(trx, application.id, limits.calendarsPerApplication);
  });
  const calendar = toCalendar(
    await db
      .selectFrom("application_calendars")
      .selectAll()
      .where("application_id", "=", application.id)
      .where("application_calendar_id", "=", id)
      .executeTakeFirstOrThrow(),
  );
  const tokens = await issueTokens(db, { applicationId: application.id, calendarId: calendar.id });
  return { calendar, tokens };
}

export async function loadApplicationCalendar(
  db: Kysely<Schema>,
  calendarId: string,
): Promise<ApplicationCalendar> {
  const row = await db
    .selectFrom("application_calendars")
    .selectAll()
    .where("id", "=", calendarId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such calendar.");
  return toCalendar(row);
}

function toCalendar(row: {
  id: string;
  application_id: string;
  application_calendar_id: string;
  sub: string;
  profile_id: string;
}): ApplicationCalendar {
  return {
    id: row.id,
    applicationId: row.application_id,
    applicationCalendarId: row.application_calendar_id,
    sub: row.sub,
    profileId: row.profile_id,
  };
}

/** A new calendar may not take its application past the cap. */
async function refuseBeyondCalendarCap(trx: Kysely<Schema>, applicationId: string, cap: number) {
  if (!Number.isFinite(cap)) return;
  const count = await countTakingTurns(trx, `calendars:${applicationId}`, async () => {
    const row = await trx
      .selectFrom("application_calendars")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("application_id", "=", applicationId)
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (count > cap) {
    throw new DomainError("unprocessable", "The application calendar was not made.", {
      application_calendar_id: `This application has ${cap} application calendars, the most confab keeps for one application (CONFAB_MAX_CALENDARS_PER_APPLICATION); existing ids still get tokens.`,
    });
  }
}
